import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { organizations } from '../db/schema.js';
import { NotFoundError } from '../errors/http-errors.js';
import { describeEventTime, eventForMail } from '../events/event-view.js';
import { findEventWithPlace, type EventWithPlace } from '../events/events-dal.js';
import type { DbDeps } from '../services/service-deps.js';
import { qrPng } from '../tickets/ticket-qr.js';
import type { PosterFacts } from './poster-render.js';

export type PictureKind = 'poster' | 'cover' | 'qr';

/** The event's public page: what its QR codes hold. */
export function eventUrl(publicUrl: string, eventId: number): string {
  return `${publicUrl}/events/${eventId}`;
}

/** What the poster of an event says, in the event's language. */
export function posterFacts({ db }: DbDeps, publicUrl: string, place: EventWithPlace): PosterFacts {
  const mail = eventForMail(place);
  const organizer = db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, place.event.organizationId)).get()?.name ?? '';
  return { title: mail.title, when: describeEventTime(mail), place: mail.place, organizer, url: eventUrl(publicUrl, place.event.id), language: mail.language };
}

/**
 * Rendered pictures per database, by event, kind and the event's last change: a change makes a
 * new key, and old ones age out (the oldest goes past 64).
 */
const caches = new WeakMap<object, Map<string, Buffer>>();
const CACHE_SIZE = 64;

/**
 * An event's poster (1080×1920), article cover (900×383) or bare QR code, as PNG, with an ETag
 * naming the event's version. Public for published (and completed) events only: a draft or a
 * cancelled event has none (404).
 */
export async function eventPicture(deps: DbDeps & { publicUrl: string }, eventId: number, kind: PictureKind): Promise<{ png: Buffer; etag: string }> {
  const place = findEventWithPlace(deps.db, eventId);
  if (place.event.status !== 'published' && place.event.status !== 'completed') throw new NotFoundError('Event', eventId);
  const key = `${kind}:${eventId}:${place.event.updatedAt.getTime()}`;
  const etag = `"${crypto.createHash('sha256').update(`${deps.publicUrl}|${key}`).digest('base64url').slice(0, 16)}"`;
  const cache = caches.get(deps.db) ?? new Map<string, Buffer>();
  caches.set(deps.db, cache);
  let png = cache.get(key);
  if (png) cache.delete(key);
  else if (kind === 'qr') png = qrPng(eventUrl(deps.publicUrl, eventId), 10);
  else {
    // Loaded on the first picture, not at start-up: the renderer and its fonts are big.
    const { renderCover, renderPoster } = await import('./poster-render.js');
    png = await (kind === 'poster' ? renderPoster : renderCover)(posterFacts(deps, deps.publicUrl, place));
  }
  cache.set(key, png);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return { png, etag };
}
