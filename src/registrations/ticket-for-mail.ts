import { doorCode, ticketUrl } from '../codes/ticket-tokens.js';

/** A ticket as a mail carries it: its page, the code under its QR, and the QR as a PNG. */
export interface TicketForMail {
  url: string;
  code: string;
  /** The QR's text (the ticket's page), drawn when the mail is sent. */
  qr: string;
}

/** What a confirmation mail carries of a registration's ticket: its page, its door code and the text of its QR. */
export function ticketForMail(deps: { secretKey: string; publicUrl: string }, registrationId: number): TicketForMail {
  const url = ticketUrl(deps, registrationId);
  return { url, code: doorCode(deps.secretKey, registrationId), qr: url };
}
