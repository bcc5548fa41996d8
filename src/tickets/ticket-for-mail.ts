import type { TicketForMail } from '../mail/templates/registration.js';
import { doorCode, ticketUrl } from './ticket-tokens.js';

/** What a confirmation mail carries of a registration's ticket: its page, its door code and the text of its QR. */
export function ticketForMail(deps: { secretKey: string; publicUrl: string }, registrationId: number): TicketForMail {
  const url = ticketUrl(deps, registrationId);
  return { url, code: doorCode(deps.secretKey, registrationId), qr: url };
}
