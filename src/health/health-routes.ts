import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ServiceUnavailableError } from '../errors/http-errors.js';
import { problems } from '../http/schemas.js';
import { oldestUnsentSeconds } from './outbox-age.js';

const CheckState = Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('not configured')]);
const ReadyChecks = Type.Object({ database: CheckState, redis: CheckState });
const Outbox = Type.Object(
  { oldestUnsentSeconds: Type.Union([Type.Integer(), Type.Null()], { description: 'Age of the oldest mail, announcement or delivery still waiting to go out; null when none waits.' }) },
  { description: 'Work committed and not yet sent.' },
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
      response: { 200: Type.Object({ status: Type.Literal('ready'), checks: ReadyChecks, outbox: Outbox }), ...problems(503) },
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
      return { status: 'ready' as const, checks, outbox };
    },
  });
};
