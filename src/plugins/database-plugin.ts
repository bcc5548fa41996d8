import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { openDatabase, type Db } from '../db/database.js';
import { HourWindow } from '../http/hour-window.js';
import { nowMs } from '../time/clock.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** The hourly limits of public forms, counted in the database (a sliding hour that survives restarts). */
    hourLimits: HourWindow;
  }
}

/** Opens the SQLite file and applies migrations. app.ts closes it last, after the jobs. */
export const databasePlugin = fp(
  async (app: FastifyInstance) => {
    const db = openDatabase(app.config.databasePath, { backupDir: app.config.backupDir, now: nowMs() });
    app.decorate('db', db);
    app.decorate('hourLimits', new HourWindow(db));
  },
  { name: 'database', dependencies: ['config'] },
);
