import { inZone, utc } from '../time/instants.js';
import type { BookingRow } from './bookings-dal.js';
import type { BookingView } from './bookings-schemas.js';

/** A booking as the API shows it: times in the venue's zone, with their offset. */
export function toBookingView(row: BookingRow, timezone: string): BookingView {
  return {
    id: row.id,
    venueId: row.venueId,
    organizationId: row.organizationId,
    requestedBy: row.requestedBy,
    start: inZone(row.startAt.getTime(), timezone),
    end: inZone(row.endAt.getTime(), timezone),
    timezone,
    expectedAttendance: row.expectedAttendance,
    purpose: row.purpose,
    seriesId: row.seriesId,
    groupId: row.groupId,
    status: row.status,
    version: row.version,
    decisionNote: row.decisionNote,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt ? utc(row.decidedAt) : null,
    expiresAt: utc(row.expiresAt),
    createdAt: utc(row.createdAt),
  };
}
