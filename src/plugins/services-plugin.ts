import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ServiceDeps } from '../services/service-deps.js';
import { privacyNotice, recordNotice, type PrivacyNotice } from '../privacy/privacy-notice.js';
import { eventRegistrants } from '../registrations/event-registrants.js';

declare module 'fastify' {
  interface FastifyInstance {
    deps: ServiceDeps;
    /** The privacy notice the forms and /privacy show now (DATA_CONTROLLER_*, RETENTION_*). */
    privacyNotice: PrivacyNotice;
  }
}

/** The address part of MAIL_FROM ("Name <addr>" or a bare address). */
const addressOf = (mailFrom: string) => /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;

export const servicesPlugin = fp(
  async (app: FastifyInstance) => {
    const { config } = app;
    const notice = privacyNotice({ ...config.privacy, controllerContact: config.privacy.controllerContact ?? addressOf(config.mailFrom) });
    recordNotice(app.db, notice);
    app.decorate('privacyNotice', notice);
    app.decorate('deps', {
      db: app.db,
      secretKey: app.secretKey,
      publicUrl: config.publicUrl,
      pendingDays: config.bookingPendingDays,
      holdMs: config.registrationHoldMs,
      reservationHoldMs: config.reservationHoldMs,
      reserveHoldsPerIp: config.reserveHoldsPerIp,
      updateSettleMs: config.updateSettleMs,
      noticeVersion: notice.version,
      registrants: eventRegistrants({ secretKey: app.secretKey, publicUrl: config.publicUrl, holdMs: config.registrationHoldMs }),
    } satisfies ServiceDeps);
  },
  { name: 'services', dependencies: ['config', 'database'] },
);
