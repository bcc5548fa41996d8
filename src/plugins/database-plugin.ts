import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { openDatabase, type Db } from '../db/database.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Opens the SQLite file and applies migrations. app.ts closes it last, after the jobs. */
export const databasePlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('db', openDatabase(app.config.databasePath));
  },
  { name: 'database', dependencies: ['config'] },
);
