import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ServiceUnavailableError } from '../errors/http-errors.js';
import { problems } from '../http/schemas.js';
import path from 'node:path';
import { oldestUnsentSeconds } from '../queue/outbox/outbox-age.js';
import { lastGoodBackup } from '../backups/nightly-backups.js';

const CheckState = Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('not configured')]);
const ReadyChecks = Type.Object({ database: CheckState, redis: CheckState });
const Outbox = Type.Object(
  { oldestUnsentSeconds: Type.Union([Type.Integer(), Type.Null()], { description: 'Age of the oldest mail, announcement or delivery still waiting to go out; null when none waits.' }) },
  { description: 'Work committed and not yet sent.' },
);

const Backup = Type.Union(
  [Type.Object({ lastGood: Type.Union([Type.String(), Type.Null()], { description: 'When the last nightly backup that passed its check was written' }), file: Type.Union([Type.String(), Type.Null()]) }), Type.Null()],
  { description: 'Nightly backups (null without BACKUP_DIR).' },
);

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    config: { access: 'public' },
    schema: { tags: ['health'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    config: { access: 'public' },
    schema: {
      tags: ['health'],
      summary: 'The database and, when configured, Redis answer',
      response: { 200: Type.Object({ status: Type.Literal('ready'), checks: ReadyChecks, outbox: Outbox, backup: Backup }), ...problems(503) },
    },
    handler: async () => {
      let database: 'up' | 'down' = 'up';
      let outbox: { oldestUnsentSeconds: number | null } = { oldestUnsentSeconds: null };
      try {
        outbox = { oldestUnsentSeconds: oldestUnsentSeconds(app.db) };
      } catch {
        database = 'down';
      }
      let redis: 'up' | 'down' | 'not configured' = 'not configured';
      if (app.jobs.kind === 'bullmq') {
        redis = await app.jobs.ping().then(
          () => 'up' as const,
          () => 'down' as const,
        );
      }
      const checks = { database, redis };
      if (database === 'down' || redis === 'down') {
        throw new ServiceUnavailableError(`Not ready: ${Object.entries(checks).filter(([, state]) => state === 'down').map(([name]) => name).join(' and ')} down.`, { checks, outbox });
      }
      const last = app.config.backupDir ? lastGoodBackup(app.db) : null;
      const backup = app.config.backupDir ? { lastGood: last ? last.at.toISOString() : null, file: last ? path.basename(last.file) : null } : null;
      return { status: 'ready' as const, checks, outbox, backup };
    },
  });
};
