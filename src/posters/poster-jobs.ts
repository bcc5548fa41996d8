import type { Db } from '../db/database.js';
import { events } from '../db/schema.js';
import { drawEventPictures } from './event-posters.js';
import { picturesWaiting } from './pictures-dal.js';
import { jobIds, type DrawPicturesJob } from '../queue/catalogue.js';
import { dueTimeSource } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';

/**
 * Every published (or completed) event whose pictures were not drawn for its latest version gets
 * a drawing job, at once — with POSTERS_AHEAD=false only once somebody has asked for a picture.
 * The job id carries the version (updatedAt), so each change is drawn once.
 */
export function pictureSource(db: Db, ahead: boolean): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'event-pictures',
    table: events,
    id: events.id,
    dueAt: events.updatedAt,
    enqueuedAt: events.picturesEnqueuedAt,
    waiting: picturesWaiting(ahead),
    job: { name: 'draw-event-pictures', data: (eventId) => ({ eventId }), jobId: jobIds.drawPictures },
  });
}

/** Draws on the drawing thread (poster-drawer.ts), so the API's requests go on meanwhile. */
export function drawPicturesProcessor(db: Db, publicUrl: string): Processor<DrawPicturesJob> {
  return async ({ eventId }, ctx) => {
    if (await drawEventPictures({ db, publicUrl }, eventId)) ctx.log.info({ eventId }, 'event pictures up to date');
  };
}
