/** No booking (and so no event) lasts longer, which bounds every overlap query to an index range. */
export const MAX_BOOKING_MS = 7 * 24 * 3600_000;
