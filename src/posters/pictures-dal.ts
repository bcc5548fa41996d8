import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { eventPictures, events } from '../db/schema.js';
import type { DrawnPictures } from './poster-drawer.js';

export type PictureKind = 'poster' | 'cover' | 'qr';

/** What a request needs to answer for an event's pictures, without reading any picture. */
export function pictureState(db: DbOrTx, eventId: number) {
  return db
    .select({ status: events.status, updatedAt: events.updatedAt, picturesFor: events.picturesFor, version: eventPictures.version })
    .from(events)
    .leftJoin(eventPictures, eq(eventPictures.eventId, events.id))
    .where(eq(events.id, eventId))
    .get();
}

export function pictureOf(db: DbOrTx, eventId: number, kind: PictureKind): Buffer | undefined {
  const column = { poster: eventPictures.poster, cover: eventPictures.cover, qr: eventPictures.qr }[kind];
  return db.select({ png: column }).from(eventPictures).where(eq(eventPictures.eventId, eventId)).get()?.png;
}

/** Someone asked for a picture not drawn yet: the drawing job (POSTERS_AHEAD=false) now draws it. */
export function markWanted(db: DbOrTx, eventId: number, at: Date): void {
  db.update(events).set({ picturesWantedAt: at }).where(sql`${events.id} = ${eventId} and ${events.picturesWantedAt} is null`).run();
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
