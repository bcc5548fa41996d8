import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { feedback } from '../db/schema.js';

export type FeedbackRow = typeof feedback.$inferSelect;

export function feedbackOf(db: DbOrTx, registrationId: number): FeedbackRow | undefined {
  return db.select().from(feedback).where(eq(feedback.registrationId, registrationId)).get();
}

/** Saves a registration's answer (a second answer replaces the first). */
export function putFeedback(db: DbOrTx, registrationId: number, eventId: number, values: Pick<typeof feedback.$inferInsert, 'rating' | 'recommend' | 'comment' | 'updatedAt'>): void {
  db.insert(feedback).values({ registrationId, eventId, ...values }).onConflictDoUpdate({ target: feedback.registrationId, set: values }).run();
}

/** The event's answers, latest first. */
export function eventAnswers(db: DbOrTx, eventId: number): FeedbackRow[] {
  return db.select().from(feedback).where(eq(feedback.eventId, eventId)).orderBy(desc(feedback.updatedAt), desc(feedback.id)).all();
}
