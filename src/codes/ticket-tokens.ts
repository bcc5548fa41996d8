import crypto from 'node:crypto';
import { BadRequestError } from '../errors/http-errors.js';

/**
 * A ticket is its registration id and a MAC of it under SECRET_KEY: `<id base 36>-<22 chars>`
 * (132 bits; unguessable, short enough for a sparse QR code a phone reads at arm's length). It does
 * not expire: what a ticket lets in is decided at the door by the registration's status.
 */
const TICKET_MAC_CHARS = 22;
const TICKET = /^([0-9a-z]{1,10})-([A-Za-z0-9_-]{22})$/;

function mac(secret: string, purpose: string, id: number): Buffer {
  return crypto.createHmac('sha256', secret).update(`${purpose}:${id}`).digest();
}

/** `<id base 36>-<22 chars of HMAC>` for a purpose: a registration's ticket, a reservation's counter code. */
export function idToken(secret: string, purpose: string, id: number): string {
  return `${id.toString(36)}-${mac(secret, purpose, id).toString('base64url').slice(0, TICKET_MAC_CHARS)}`;
}

export function ticketToken(secret: string, registrationId: number): string {
  return idToken(secret, 'ticket', registrationId);
}

export function ticketUrl(deps: { secretKey: string; publicUrl: string }, registrationId: number): string {
  return `${deps.publicUrl}/tickets/${ticketToken(deps.secretKey, registrationId)}`;
}

/**
 * The registration a ticket names, from the token or the whole URL as a scanner reads it
 * (surrounding spaces, a trailing slash or query ignored). A forged or mangled ticket is a 400.
 */
export function readTicket(secret: string, scanned: string): number {
  return readIdToken(secret, 'ticket', scanned);
}

/** The id an `idToken` of this purpose names, from the token or the whole URL as a scanner reads it; 400 when forged or mangled. */
export function readIdToken(secret: string, purpose: string, scanned: string): number {
  const token = scanned.trim().replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').at(-1) ?? '';
  const match = TICKET.exec(token);
  const id = match ? parseInt(match[1]!, 36) : NaN;
  if (!match || !Number.isSafeInteger(id) || id < 1) throw new BadRequestError('This is not a ticket of this site: scan the QR code on the ticket, or type the code under it.', 'ticket').say('errTicketMangled');
  const expected = Buffer.from(idToken(secret, purpose, id));
  const given = Buffer.from(token);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    throw new BadRequestError('This ticket’s signature does not match: it was altered or made elsewhere.', 'ticket').say('errTicketMangled');
  }
  return id;
}

/** Letters and digits no one confuses when read aloud or typed (no 0/O, 1/I/L). */
const DOOR_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const sixCharacters = (bytes: Buffer) => Array.from(bytes.subarray(0, 6), (b) => DOOR_ALPHABET[b % DOOR_ALPHABET.length]).join('');

/** The 6-character code printed under a ticket's QR, for checking in by hand at the door. */
export function doorCode(secret: string, registrationId: number): string {
  return sixCharacters(mac(secret, 'door', registrationId));
}

/**
 * An event's own door code: shown large on the door poster at the entrance (and carried by the
 * poster's QR). Checking oneself in asks for it, so only someone at the door can: a ticket
 * alone, from home, checks nobody in.
 */
export function eventDoorCode(secret: string, eventId: number): string {
  return sixCharacters(mac(secret, 'event-door', eventId));
}

/** Whether `given` is the event's door code (case and spaces forgiven; compared in constant time). */
export function isEventDoorCode(secret: string, eventId: number, given: string): boolean {
  const expected = Buffer.from(eventDoorCode(secret, eventId));
  const typed = Buffer.from(given.replace(/\s+/g, '').toUpperCase());
  return expected.length === typed.length && crypto.timingSafeEqual(expected, typed);
}
