import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import type { BookingRow } from './bookings-dal.js';
import { nowMs } from '../time/clock.js';

export const BOOKING_LINK_PURPOSE = 'booking-decision';

export type LinkAction = 'approve' | 'decline';

/** What a one-click decision link carries: the action, who may take it, and the versions it was issued for. */
export interface BookingLinkPayload extends SignedPayload {
  a: LinkAction;
  /** The deciding member. */
  m: number;
  /** [booking id, version] for each request the link decides (one, or every occurrence of a series). */
  v: Array<[number, number]>;
  /** Series id, when the link decides a whole series. */
  s?: string;
}

export interface LinkDeps {
  secretKey: string;
  publicUrl: string;
}

/** A decision link valid until the request would expire anyway. */
export function bookingLink(deps: LinkDeps, action: LinkAction, managerId: number, bookings: BookingRow[]): string {
  const first = bookings[0]!;
  const ttlSeconds = Math.max(60, Math.ceil((first.expiresAt.getTime() - nowMs()) / 1000));
  const token = signLink(
    deps.secretKey,
    BOOKING_LINK_PURPOSE,
    { a: action, m: managerId, v: bookings.map((b) => [b.id, b.version]), ...(bookings.length > 1 && first.seriesId ? { s: first.seriesId } : {}) },
    ttlSeconds,
  );
  return `${deps.publicUrl}/booking-links/${token}`;
}

export function readBookingLink(secretKey: string, token: string): BookingLinkPayload {
  return verifyLink<BookingLinkPayload>(secretKey, BOOKING_LINK_PURPOSE, token);
}
