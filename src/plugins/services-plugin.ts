import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ServiceDeps } from '../services/service-deps.js';

declare module 'fastify' {
  interface FastifyInstance {
    deps: ServiceDeps;
  }
}

export const servicesPlugin = fp(
  async (app: FastifyInstance) => {
    const { config } = app;
    app.decorate('deps', {
      db: app.db,
      secretKey: app.secretKey,
      publicUrl: config.publicUrl,
      pendingDays: config.bookingPendingDays,
      holdMs: config.registrationHoldMs,
      updateSettleMs: config.updateSettleMs,
    } satisfies ServiceDeps);
  },
  { name: 'services', dependencies: ['config', 'database'] },
);
