import type { DbDeps } from '../services/service-deps.js';
import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import type { Principal } from '../auth/principal.js';
import { eventInvitations, findInvitation, findInvitationByEmail, insertInvitation, updateInvitation, type InvitationRow } from './registrations-dal.js';
import { ConflictError, ExpiredLinkError, NotFoundError } from '../errors/http-errors.js';
import { assertRunsEvent } from '../events/event-access.js';
import { eventForMail } from '../events/event-view.js';
import { eventWithPlace } from '../events/events-service.js';
import { queueEmail } from '../mail/email-outbox.js';
import { utc } from '../time/instants.js';
import { invitationMail } from './registration-mails.js';
import { register, type RegistrationDeps } from './registrations-service.js';
import { nowMs, nowDate } from '../time/clock.js';

const PURPOSE = 'invitation-reply';
type Reply = 'accept' | 'decline';

function toView(row: InvitationRow) {
  const { id, eventId, name, email, role, status } = row;
  return { id, eventId, name, email, role, status, respondedAt: row.respondedAt ? utc(row.respondedAt) : null, createdAt: utc(row.createdAt) };
}

function replyLink(deps: RegistrationDeps, invitationId: number, reply: Reply, until: Date): string {
  const ttlSeconds = Math.max(3600, Math.ceil((until.getTime() - nowMs()) / 1000));
  return `${deps.publicUrl}/invitations/${signLink(deps.secretKey, PURPOSE, { i: invitationId, a: reply }, ttlSeconds)}`;
}

/** Invites a guest or speaker by email. They take a seat only if they accept. */
export function invite(deps: RegistrationDeps, principal: Principal, eventId: number, input: { name: string; email: string; role?: 'guest' | 'speaker' }) {
  const email = input.email.trim().toLowerCase();
  return deps.db.transaction((tx) => {
    const place = eventWithPlace({ db: tx }, eventId);
    assertRunsEvent(principal, place.event);
    if (place.event.status === 'cancelled' || place.event.status === 'completed') {
      throw new ConflictError(`Event ${eventId} is ${place.event.status}.`, { rule: 'closed' }).say('errEventClosed');
    }
    const existing = findInvitationByEmail(tx, eventId, email);
    if (existing) throw new ConflictError(`${email} is already invited (invitation ${existing.id}, ${existing.status}).`, { rule: 'already-invited', field: 'email' }).say('errAlreadyInvited', { email });
    const row = insertInvitation(tx, { eventId, name: input.name.trim(), email, role: input.role ?? 'guest', invitedBy: principal.memberId });
    const links = { accept: replyLink(deps, row.id, 'accept', place.event.endAt), decline: replyLink(deps, row.id, 'decline', place.event.endAt) };
    queueEmail(tx, 'invitation', invitationMail(row, eventForMail(place), row.role, links));
    return toView(row);
  });
}

export function listInvitations({ db }: DbDeps, principal: Principal, eventId: number) {
  const { event } = eventWithPlace({ db }, eventId);
  assertRunsEvent(principal, event);
  return { items: eventInvitations(db, eventId).map(toView) };
}

export function readInvitationLink({ db, secretKey }: DbDeps & { secretKey: string }, token: string): { invitation: InvitationRow; reply: Reply } {
  const payload = verifyLink<SignedPayload & { i: number; a: Reply }>(secretKey, PURPOSE, token);
  const invitation = findInvitation(db, payload.i);
  if (!invitation) throw new NotFoundError('Invitation', payload.i);
  return { invitation, reply: payload.a };
}

/**
 * Records the invitee's answer, once. Accepting registers them as a guest: a seat if one is
 * left, otherwise the waitlist, so capacity holds for guests too.
 */
export function answerInvitation(deps: RegistrationDeps, token: string) {
  return deps.db.transaction(
    (tx) => {
      const { invitation, reply } = readInvitationLink({ ...deps, db: tx }, token);
      if (invitation.status !== 'invited') throw new ExpiredLinkError(`You already ${invitation.status === 'accepted' ? 'accepted' : 'declined'} this invitation.`).say('errInvitationAnswered');
      const registration = reply === 'accept' ? register({ ...deps, db: tx }, invitation.eventId, invitation, 'guest').registration : null;
      const row = updateInvitation(tx, invitation.id, { status: reply === 'accept' ? 'accepted' : 'declined', respondedAt: nowDate() });
      return { invitation: toView(row), registration };
    },
    { behavior: 'immediate' },
  );
}
