import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { smsSender } from './sms-sender.js';

/** Codes texted in the background, and a way to wait until every one has gone (or failed). */
export interface Texting {
  /** False without an SMS provider (SMS_PROVIDER=none): no form offers a texted code. */
  readonly enabled: boolean;
  /**
   * Texts a code without holding up the answer: a page that waited for the provider only when a
   * number is known would tell, by its time, whose number it is. A refusal is logged (masked).
   */
  sendCode(mobile: string, code: string, minutes: number, log: FastifyBaseLogger, what: string): void;
  /** Texts handed over and not yet sent or failed. */
  readonly pending: number;
  /** Resolves once every text handed over so far is sent or has failed (tests, shutdown). */
  idle(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    texting: Texting;
  }
}

export const textingPlugin = fp(
  async (app: FastifyInstance) => {
    const sender = smsSender(app.config.sms);
    const inFlight = new Set<Promise<void>>();
    const texting: Texting = {
      enabled: sender !== null,
      get pending() {
        return inFlight.size;
      },
      sendCode(mobile, code, minutes, log, what) {
        if (!sender) return;
        const sending = sender
          .sendCode(mobile, code, minutes)
          .catch((error: Error) => log.error({ err: error }, `${what} not texted`))
          .finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      },
      async idle() {
        while (inFlight.size) await Promise.all(inFlight);
      },
    };
    app.decorate('texting', texting);
    // A text on its way when the service stops is let finish (the provider's own timeout bounds it).
    app.addHook('onClose', () => texting.idle());
  },
  { name: 'texting', dependencies: ['config'] },
);
