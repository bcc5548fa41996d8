import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Behind a proxy without TRUST_PROXY, every visitor seems to come from the proxy's address and
 * shares its rate limits: one noisy client would lock sign-in for everyone. Say so once, in the
 * log, the first time a request arrives carrying X-Forwarded-For.
 */
export const proxyWarningPlugin = fp(
  async (app: FastifyInstance) => {
    if (app.config.trustProxy !== undefined) return;
    let warned = false;
    app.addHook('onRequest', (request, _reply, done) => {
      if (warned || request.headers['x-forwarded-for'] === undefined) return done();
      warned = true;
      request.log.warn(`A request came through a proxy (X-Forwarded-For) but TRUST_PROXY is unset: every client counts as ${request.ip} and shares its rate limits. Set TRUST_PROXY to the proxy's address (e.g. loopback).`);
      done();
    });
  },
  { name: 'proxy-warning', dependencies: ['config'] },
);
