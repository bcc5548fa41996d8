const MESSAGES = {
  held: 'A seat is held for you: open the link we mailed you to confirm it, or it goes to the next person.',
  confirmed: 'You have a seat. A confirmation with your personal cancel link is on its way by email.',
  waitlisted: 'The event is full: you are on the waitlist and will get a seat, and an email, if one frees up.',
  checked_in: 'You have checked in.',
  cancelled: 'This registration is cancelled.',
} as const;

/** What the personal links' routes answer an API client. */
export function publicAnswer({ id, eventId, status, waitlistPosition }: { id: number; eventId: number; status: keyof typeof MESSAGES; waitlistPosition: number | null }) {
  return { id, eventId, status, waitlistPosition, message: MESSAGES[status] };
}
