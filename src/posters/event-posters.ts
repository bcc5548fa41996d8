import crypto from 'node:crypto';
import { NotFoundError } from '../errors/http-errors.js';
import { describeEventTime, eventForMail } from '../events/event-view.js';
import type { EventWithPlace } from '../events/events-dal.js';
import { eventWithPlace } from '../events/events-service.js';
import type { DbDeps } from '../services/service-deps.js';
import { organizationNamesOf } from '../organizations/organizations-service.js';
import { nowDate } from '../time/clock.js';
import { drawPictures } from './poster-drawer.js';
import type { PosterFacts } from './poster-render.js';
import { markWanted, pictureOf, pictureState, storePictures, type PictureKind } from './pictures-dal.js';

export type { PictureKind } from './pictures-dal.js';

/** The event's public page: what its QR codes hold. */
export function eventUrl(publicUrl: string, eventId: number): string {
  return `${publicUrl}/events/${eventId}`;
}

/** What the poster of an event says, in the event's language. */
export function posterFacts({ db }: DbDeps, publicUrl: string, place: EventWithPlace): PosterFacts {
  const mail = eventForMail(place);
  const organizer = organizationNamesOf({ db }, [place.event.organizationId]).get(place.event.organizationId) ?? '';
  return { title: mail.title, when: describeEventTime(mail), place: mail.place, organizer, url: eventUrl(publicUrl, place.event.id), language: mail.language };
}

/** A version names what the pictures show: the same facts, the same pictures (and ETag). */
const versionOf = (facts: PosterFacts) => crypto.createHash('sha256').update(JSON.stringify(facts)).digest('base64url').slice(0, 16);

const shown = (status: string) => status === 'published' || status === 'completed';

/** The version of the pictures drawn for the event as it is now; null while a drawing is pending. */
function currentVersion(state: NonNullable<ReturnType<typeof pictureState>>): string | null {
  return state.picturesFor?.getTime() === state.updatedAt.getTime() ? state.version : null;
}

/**
 * The addresses of an event's pictures as pages link them (one read for all three): with
 * `?v=<version>` once the pictures of the event as it is now are drawn, so browsers and nginx may
 * keep that answer for a year (a new version is a new address); without it while drawing is pending.
 */
export function pictureUrls({ db }: DbDeps, eventId: number): Record<PictureKind, string> {
  const state = pictureState(db, eventId);
  const version = state ? currentVersion(state) : null;
  const url = (kind: PictureKind) => `/v1/events/${eventId}/${kind}.png${version ? `?v=${version}` : ''}`;
  return { poster: url('poster'), cover: url('cover'), qr: url('qr') };
}

/** `asked`: this request was the first to want the event's pictures drawn (POSTERS_AHEAD=false): the drawing job should look now. */
export type PictureAnswer = { status: 200; png: Buffer; etag: string; version: string } | { status: 304; etag: string; version: string } | { status: 202; asked: boolean };

/**
 * An event's poster, cover or QR as a request gets it: from what the drawing job stored, never
 * drawn here. The ETag is compared before a picture is read. Drawn for an older version of the
 * event (or not yet): 202, and the job is asked for it. Public for published and completed events
 * only: a draft or a cancelled event has none (404).
 */
export function servePicture({ db }: DbDeps, eventId: number, kind: PictureKind, ifNoneMatch: string | undefined, ahead: boolean): PictureAnswer {
  const state = pictureState(db, eventId);
  if (!state || !shown(state.status)) throw new NotFoundError('Event', eventId);
  const version = currentVersion(state);
  if (version === null) {
    // Drawing ahead, the job is on its way already. Otherwise the first asker marks the event
    // wanted (one write per event); after that a request for it only reads.
    const asked = !ahead && state.wantedAt === null && markWanted(db, eventId, nowDate());
    return { status: 202, asked };
  }
  const etag = `"${version}"`;
  if (ifNoneMatch === etag) return { status: 304, etag, version };
  const png = pictureOf(db, eventId, kind);
  if (!png) return { status: 202, asked: false };
  return { status: 200, png, etag, version };
}

/**
 * The drawing job: brings an event's pictures up to date. Facts unchanged since the last drawing
 * (an edit of the body, the event completed): nothing is drawn, the pictures are marked current.
 * Otherwise poster, cover and QR are drawn on the drawing thread and stored. False if there was
 * nothing to do (not shown, or current already).
 */
export async function drawEventPictures(deps: DbDeps & { publicUrl: string }, eventId: number): Promise<boolean> {
  // One at a time: hundreds of events published at once (or a restart) become hundreds of jobs,
  // and each one's reads wait their turn instead of all running on the API's thread in one go.
  return oneAtATime(() => bringUpToDate(deps, eventId));
}

let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(step: () => Promise<T>): Promise<T> {
  const turn = queue.then(step, step);
  queue = turn.catch(() => undefined);
  return turn;
}

async function bringUpToDate(deps: DbDeps & { publicUrl: string }, eventId: number): Promise<boolean> {
  const place = eventWithPlace({ db: deps.db }, eventId);
  const { event } = place;
  if (!shown(event.status) || event.picturesFor?.getTime() === event.updatedAt.getTime()) return false;
  const facts = posterFacts(deps, deps.publicUrl, place);
  const version = versionOf(facts);
  const drawnBefore = pictureState(deps.db, eventId)?.version === version;
  const pictures = drawnBefore ? null : await drawPictures(facts);
  storePictures(deps.db, eventId, version, event.updatedAt, pictures, nowDate());
  return true;
}

/** An event's cover for an official-account article (a job, never a request): drawn now if not yet. */
export async function eventCover(deps: DbDeps & { publicUrl: string }, eventId: number): Promise<Buffer> {
  await drawEventPictures(deps, eventId);
  const png = pictureOf(deps.db, eventId, 'cover');
  if (!png) throw new NotFoundError('Event', eventId);
  return png;
}
