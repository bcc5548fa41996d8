import { lazyCompilersFactory, warmUp, type Pending } from './http/lazy-compilers.js';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { authPlugin } from './auth/auth-plugin.js';
import type { Config } from './config/config.js';
import { frameworkProblem, problemHandler } from './http/problem-handler.js';
import compress from '@fastify/compress';
import { securityHeaders } from './http/security-headers.js';
import formbody from '@fastify/formbody';
import { bookingRoutes } from './bookings/bookings-routes.js';
import { channelTestPlugin } from './channels/channel-test-plugin.js';
import { channelRoutes } from './channels/channels-routes.js';
import { channelTestRoutes } from './channels/channel-test-routes.js';
import { broadcastRoutes } from './broadcasts/broadcast-routes.js';
import { deliveryRoutes } from './deliveries/deliveries-routes.js';
import { eventRoutes } from './events/events-routes.js';
import { coOrganizerRoutes } from './events/co-organizer-routes.js';
import { healthRoutes } from './health/health-routes.js';
import { jobsPlugin } from '../jobs/jobs-plugin.js';
import { memberRoutes } from './members/members-routes.js';
import { metricsPlugin } from './metrics/metrics-plugin.js';
import { metricsRoutes } from './metrics/metrics-routes.js';
import { organizationRoutes } from './organizations/organizations-routes.js';
import { profileRoutes } from './organizations/profile-routes.js';
import { configPlugin } from './plugins/config-plugin.js';
import { proxyWarningPlugin } from './plugins/proxy-warning-plugin.js';
import { databasePlugin } from './plugins/database-plugin.js';
import { openapiPlugin } from './plugins/openapi-plugin.js';
import { servicesPlugin } from './plugins/services-plugin.js';
import { textingPlugin } from './phones/texting-plugin.js';
import { queueBoardPlugin } from './plugins/queue-board-plugin.js';
import { invitationRoutes } from './registrations/invitations-routes.js';
import { registrationRoutes } from './registrations/registrations-routes.js';
import { ticketRoutes } from './tickets/tickets-routes.js';
import { feedbackRoutes } from './feedback/feedback-routes.js';
import { posterRoutes } from './posters/poster-routes.js';
import { parkRobotRoutes } from './park-notices/park-robot-routes.js';
import { greenChannelRoutes } from './green-channel/green-channel-routes.js';
import { counterRoutes } from './green-channel/counter-routes.js';
import { reportRoutes } from './reports/reports-routes.js';
import { annualReviewRoutes } from './reports/annual-review-routes.js';
import { privacyRoutes } from './privacy/privacy-routes.js';
import { maskedStream, type LogStream } from './logging/masked-stream.js';
import { subscriberRoutes } from './subscribers/subscribers-routes.js';
import { blackoutRoutes } from './blackouts/blackouts-routes.js';
import { webPages } from './web/web-pages.js';
import { venueRoutes } from './venues/venues-routes.js';
import { venueSearchRoutes } from './bookings/venue-search-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Compiles the route schemas not compiled yet, a few ms per turn; for a service that listens (src/server.ts). */
    compileSchemasInBackground(): Promise<void>;
  }
}

export interface BuildOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the app without listening: server.ts listens, tests use inject(). */
/**
 * TRUST_PROXY for Fastify. A hop count trusts that many hops whoever they are (Fastify 5 turns a
 * bare number into "trust none", so it is said as a function): right only when nothing but the
 * proxies can reach the service, which the README says.
 */
function trustProxyOption(setting: Config['trustProxy']) {
  if (setting === undefined) return false;
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return setting;
}

export async function buildApp({ config, logger = false }: BuildOptions) {
  const pendingSchemas: Pending = new Set();
  const app = Fastify({
    // Whatever the destination, addresses and mobile numbers are masked in every line.
    logger: logger && typeof logger === 'object' && !('child' in logger) ? { ...logger, stream: maskedStream((logger as { stream?: LogStream }).stream) } : logger,
    // Unknown properties are refused with a 400 naming them rather than silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
    // Each route's schemas are compiled on its first use, not at start (src/http/lazy-compilers.ts).
    schemaController: { compilersFactory: lazyCompilersFactory(pendingSchemas) as never },
    bodyLimit: 256 * 1024,
    // Signed links carry their payload in the path.
    routerOptions: { maxParamLength: 4096 },
    frameworkErrors: frameworkProblem,
    // Behind nginx or a load balancer, the client is who the trusted proxy says (X-Forwarded-For);
    // otherwise whoever connected. Rate limits count per request.ip.
    trustProxy: trustProxyOption(config.trustProxy),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // 1. Infrastructure: errors, config, database, OpenAPI.
  await app.register(problemHandler);
  // nosniff, no framing (X-Frame-Options), Referrer-Policy, HSTS on https: helmet's, computed once.
  await app.register(securityHeaders, { hsts: config.publicUrl.startsWith('https:') });
  // Text answers over 1 KB in brotli (quality 4) or gzip, for deployments without nginx in front.
  // Behind the shipped nginx site the service never sees Accept-Encoding (nginx compresses, off
  // this thread). Request bodies are not decompressed: no client of ours sends them compressed.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'], globalDecompression: false });
  await app.register(formbody); // the confirmation pages of signed links post plain HTML forms
  await app.register(configPlugin, { config });
  await app.register(proxyWarningPlugin);
  await app.register(databasePlugin);
  await app.register(metricsPlugin);
  await app.register(authPlugin);
  await app.register(openapiPlugin);

  // 2. Application services.
  await app.register(servicesPlugin);
  await app.register(textingPlugin);
  await app.register(jobsPlugin);
  await app.register(channelTestPlugin);
  await app.register(queueBoardPlugin);

  // 3. Routes.
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(organizationRoutes, { prefix: '/v1' });
  await app.register(profileRoutes, { prefix: '/v1' });
  await app.register(memberRoutes, { prefix: '/v1' });
  await app.register(venueRoutes, { prefix: '/v1' });
  await app.register(venueSearchRoutes, { prefix: '/v1' });
  await app.register(blackoutRoutes, { prefix: '/v1' });
  await app.register(bookingRoutes, { prefix: '/v1' });
  await app.register(eventRoutes, { prefix: '/v1' });
  await app.register(coOrganizerRoutes, { prefix: '/v1' });
  await app.register(registrationRoutes, { prefix: '/v1' });
  await app.register(ticketRoutes, { prefix: '/v1' });
  await app.register(feedbackRoutes, { prefix: '/v1' });
  await app.register(posterRoutes, { prefix: '/v1' });
  await app.register(parkRobotRoutes, { prefix: '/v1' });
  await app.register(greenChannelRoutes, { prefix: '/v1' });
  await app.register(counterRoutes, { prefix: '/v1' });
  await app.register(invitationRoutes, { prefix: '/v1' });
  await app.register(channelRoutes, { prefix: '/v1' });
  await app.register(broadcastRoutes, { prefix: '/v1' });
  await app.register(channelTestRoutes, { prefix: '/v1' });
  await app.register(deliveryRoutes, { prefix: '/v1' });
  await app.register(subscriberRoutes, { prefix: '/v1' });
  await app.register(reportRoutes, { prefix: '/v1' });
  await app.register(annualReviewRoutes, { prefix: '/v1' });
  await app.register(privacyRoutes, { prefix: '/v1' });

  // 4. Web pages for people (sessions, CSRF, both languages) on the same services.
  await app.register(webPages);

  // What a listening service calls (src/server.ts): route schemas compile in the background.
  app.decorate('compileSchemasInBackground', () => warmUp(pendingSchemas, { afterMs: 500, whenRoom: (step) => app.requestPressure.whenQuiet(step) }));

  // Shutdown in order: HTTP has stopped accepting by now → jobs drain → database closes.
  app.addHook('onClose', async () => {
    await app.stopJobs();
    app.hourLimits.flush();
    app.db.$client.close();
  });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
