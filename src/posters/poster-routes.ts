import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems } from '../http/schemas.js';
import { eventPicture, type PictureKind } from './event-posters.js';

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
        description: 'Made again only when the event changes: the ETag names its version (If-None-Match answers 304).',
        params: IdParams,
        response: { 200: { description: 'PNG', content: { 'image/png': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } }, 304: Type.Null(), ...problems(400, 404) },
      },
      handler: async (request, reply) => {
        const { png, etag } = await eventPicture({ db: app.db, publicUrl: app.config.publicUrl }, request.params.id, kind);
        reply.header('etag', etag).header('cache-control', 'public, max-age=300');
        if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
        return reply.type('image/png').send(png);
      },
    });
  }
};
