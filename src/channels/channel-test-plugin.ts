import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createMailer } from '../mail/mailer.js';
import { testChannel } from './channel-test.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends a test message to a channel now, from the API process (the API and the coordinator's page). */
    testChannel(id: number): ReturnType<typeof testChannel>;
  }
}

/** Test sends go straight from the API process; one pooled mailer serves them all, closed with the app. */
export const channelTestPlugin = fp(
  async (app: FastifyInstance) => {
    const mailer = createMailer({ smtpUrl: app.config.smtpUrl, mailDir: app.config.mailDir, from: app.config.mailFrom });
    app.addHook('onClose', async () => mailer.close());
    app.decorate('testChannel', (id: number) => testChannel({ db: app.db, secretKey: app.secretKey, config: app.config, mailer }, id));
  },
  { name: 'channel-test', dependencies: ['config', 'database'] },
);
