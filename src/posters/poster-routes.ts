import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems } from '../http/schemas.js';
import { servePicture, type PictureKind } from './event-posters.js';
import { NOT_DRAWN_YET } from './placeholder.js';

const PICTURES: Record<string, { kind: PictureKind; summary: string }> = {
  poster: { kind: 'poster', summary: 'A 1080×1920 poster of a published event for sharing in WeChat: title, time in the venue’s zone, place, organizer, and a QR code to its page (in the event’s language)' },
  qr: { kind: 'qr', summary: 'The QR code to a published event’s public page' },
  cover: { kind: 'cover', summary: 'A 900×383 cover picture of a published event (what official-account articles show)' },
};

export const posterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const [name, { kind, summary }] of Object.entries(PICTURES)) {
    app.get(`/events/:id/${name}.png`, {
      config: { access: 'public' },
      schema: {
        tags: ['events'],
        summary,
        description: 'Drawn by a job when the event is published or what it shows changes, never on a request: the ETag names that version (If-None-Match answers 304), and `?v=` with it (as pages link it) may be cached for a year. Not drawn yet for the event as it is now: 202 with a blank picture and Retry-After.',
        params: IdParams,
        querystring: Type.Object({ v: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', description: 'The version the pages link (the ETag without quotes): an answer for the current version may be cached for a year' })) }),
        response: { 200: { description: 'PNG', content: { 'image/png': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } }, 202: { description: 'Not drawn yet: a blank 1×1 PNG; ask again after Retry-After', content: { 'image/png': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } }, 304: Type.Null(), ...problems(400, 404) },
      },
      handler: async (request, reply) => {
        const answer = servePicture(app.deps, request.params.id, kind, request.headers['if-none-match'], app.config.postersAhead);
        if (answer.status === 202) {
          // Not drawn for this version yet: the drawing job is on it; nothing is drawn here.
          if (answer.asked) app.outbox.kick();
          return reply.code(202).header('retry-after', '5').header('cache-control', 'no-store').type('image/png').send(NOT_DRAWN_YET);
        }
        // A link naming the current version never changes what it shows: a year, immutable. A
        // bare link (or one naming an older version) shows whatever is current: five minutes.
        const versioned = request.query.v === answer.version;
        reply.header('etag', answer.etag).header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
        if (answer.status === 304) return reply.code(304).send(null);
        return reply.type('image/png').send(answer.png);
      },
    });
  }
};
