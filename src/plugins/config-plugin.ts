import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config/config.js';
import { resolveSecretKey } from '../config/secret-key.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** SECRET_KEY, or the one generated into the data folder. */
    secretKey: string;
  }
}

export const configPlugin = fp(
  async (app: FastifyInstance, options: { config: Config }) => {
    app.decorate('config', options.config);
    app.decorate('secretKey', resolveSecretKey(options.config, (message) => app.log.warn(message)));
  },
  { name: 'config' },
);
