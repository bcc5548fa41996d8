import type { TicketForMail } from '../mail/templates/registration.js';
import { qrPng } from './ticket-qr.js';
import { doorCode, ticketUrl } from './ticket-tokens.js';

/** What a confirmation mail carries of a registration's ticket: its page, its door code and its QR. */
export function ticketForMail(deps: { secretKey: string; publicUrl: string }, registrationId: number): TicketForMail {
  const url = ticketUrl(deps, registrationId);
  return { url, code: doorCode(deps.secretKey, registrationId), png: qrPng(url) };
}
