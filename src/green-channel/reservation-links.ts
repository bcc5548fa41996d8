import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import { idToken } from '../codes/ticket-tokens.js';
import { nowMs } from '../time/clock.js';

export const RESERVATION_PURPOSE = 'reservation';

/** A reservation's personal page (cancel it, move it), signed; valid until a day after its slot. */
export function reservationLink(deps: { secretKey: string; publicUrl: string }, reservationId: number, endAt: Date): string {
  const ttlSeconds = Math.max(3600, Math.ceil((endAt.getTime() - nowMs()) / 1000) + 24 * 3600);
  return `${deps.publicUrl}/reservations/${signLink(deps.secretKey, RESERVATION_PURPOSE, { r: reservationId }, ttlSeconds)}`;
}

export function readReservationLink(secretKey: string, token: string): number {
  return verifyLink<SignedPayload & { r: number }>(secretKey, RESERVATION_PURPOSE, token).r;
}

/** What the counter's scanner reads from a reservation's QR: its id, signed (like a ticket). */
export function counterToken(secretKey: string, reservationId: number): string {
  return idToken(secretKey, 'reservation', reservationId);
}
