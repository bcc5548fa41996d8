import type { Tx } from '../db/database.js';
import { eventForMail } from '../events/event-view.js';
import { eventWithPlace } from '../events/events-service.js';
import { queueEmail } from '../mail/email-outbox.js';
import type { EventRegistrants } from '../services/service-deps.js';
import { cancellationRecipients } from './attendee-audience.js';
import type { LinkDeps } from './registration-links.js';
import { eventCancelledMail } from './registration-mails.js';
import { promoteWaitlisted } from './registrations-service.js';

/** What a change of an event does to its registrations: src/events calls these through app.deps. */
export function eventRegistrants(deps: LinkDeps): EventRegistrants {
  return {
    seatsAdded(tx: Tx, eventId: number) {
      promoteWaitlisted({ ...deps, db: tx }, eventWithPlace({ db: tx }, eventId));
    },
    cancelled(tx: Tx, eventId: number) {
      const mail = eventForMail(eventWithPlace({ db: tx }, eventId));
      for (const person of cancellationRecipients(tx, eventId)) queueEmail(tx, 'event-cancelled', eventCancelledMail(person, mail));
    },
  };
}
