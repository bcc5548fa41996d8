import { and, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { isDatabase, preparedOnce } from '../db/prepared.js';
import { eventPictures, events } from '../db/schema.js';
import type { DrawnPictures } from './poster-drawer.js';

export type PictureKind = 'poster' | 'cover' | 'qr';

/** The two reads of every picture request, prepared once per database (they are its whole cost). */
const requestQueries = preparedOnce((db) => ({
  state: db
    .select({ status: events.status, updatedAt: events.updatedAt, picturesFor: events.picturesFor, wantedAt: events.picturesWantedAt, version: eventPictures.version })
    .from(events)
    .leftJoin(eventPictures, eq(eventPictures.eventId, events.id))
    .where(eq(events.id, sql.placeholder('id')))
    .prepare(),
  poster: db.select({ png: eventPictures.poster }).from(eventPictures).where(eq(eventPictures.eventId, sql.placeholder('id'))).prepare(),
  cover: db.select({ png: eventPictures.cover }).from(eventPictures).where(eq(eventPictures.eventId, sql.placeholder('id'))).prepare(),
  qr: db.select({ png: eventPictures.qr }).from(eventPictures).where(eq(eventPictures.eventId, sql.placeholder('id'))).prepare(),
}));


/** What a request needs to answer for an event's pictures, without reading any picture. */
export function pictureState(db: DbOrTx, eventId: number) {
  if (isDatabase(db)) return requestQueries(db).state.get({ id: eventId });
  return db
    .select({ status: events.status, updatedAt: events.updatedAt, picturesFor: events.picturesFor, wantedAt: events.picturesWantedAt, version: eventPictures.version })
    .from(events)
    .leftJoin(eventPictures, eq(eventPictures.eventId, events.id))
    .where(eq(events.id, eventId))
    .get();
}

export function pictureOf(db: DbOrTx, eventId: number, kind: PictureKind): Buffer | undefined {
  if (isDatabase(db)) return requestQueries(db)[kind].get({ id: eventId })?.png;
  const column = { poster: eventPictures.poster, cover: eventPictures.cover, qr: eventPictures.qr }[kind];
  return db.select({ png: column }).from(eventPictures).where(eq(eventPictures.eventId, eventId)).get()?.png;
}

/** Someone asked for a picture not drawn yet: the drawing job (POSTERS_AHEAD=false) now draws it. */
export function markWanted(db: DbOrTx, eventId: number, at: Date): boolean {
  return db.update(events).set({ picturesWantedAt: at }).where(sql`${events.id} = ${eventId} and ${events.picturesWantedAt} is null`).run().changes > 0;
}

/** Stores what was drawn for the event as it was at `drawnFor` (its updatedAt then). */
export function storePictures(db: DbOrTx, eventId: number, version: string, drawnFor: Date, pictures: DrawnPictures | null, at: Date): void {
  if (pictures) {
    db.insert(eventPictures)
      .values({ eventId, version, ...pictures, drawnAt: at })
      .onConflictDoUpdate({ target: eventPictures.eventId, set: { version, ...pictures, drawnAt: at } })
      .run();
  }
  db.update(events).set({ picturesFor: drawnFor }).where(eq(events.id, eventId)).run();
}

/**
 * Published (or completed) events whose pictures were not drawn for their latest version wait for
 * a drawing job (the pictures' outbox source's condition); with `ahead` false only once somebody asked for one.
 */
export function picturesWaiting(ahead: boolean) {
  return and(inArray(events.status, ['published', 'completed']), or(isNull(events.picturesFor), ne(events.picturesFor, events.updatedAt)), ahead ? sql`1 = 1` : isNotNull(events.picturesWantedAt))!;
}
