import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.js';

/**
 * What every service needs besides its arguments, built once per app: the database, the key
 * that signs links and opens secrets, the public address links point to, and the rules' settings.
 * Each capability's deps type (BookingDeps, EventDeps, RegistrationDeps, SubscriberDeps …) is a
 * part of this one, so routes, pages and jobs all pass `app.deps`.
 */
export interface ServiceDeps {
  db: Db;
  secretKey: string;
  publicUrl: string;
  /** BOOKING_PENDING_DAYS */
  pendingDays: number;
  /** REGISTRATION_HOLD in ms */
  holdMs: number;
  /** UPDATE_SETTLE in ms */
  updateSettleMs: number;
}

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
