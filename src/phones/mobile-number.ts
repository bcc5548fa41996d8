import { BadRequestError } from '../errors/http-errors.js';

/**
 * A mainland China mobile number as people type it — `138 1234 5678`, `138-1234-5678`,
 * `+86 13812345678`, `0086 13812345678` — in E.164 (`+8613812345678`), or a 400 naming the
 * field. Mainland mobile numbers are 11 digits starting 13–19 (MIIT numbering plan).
 */
export function mainlandMobile(typed: string, field = 'mobile'): string {
  const digits = typed.replace(/[\s()-]/g, '').replace(/^(\+86|0086|86(?=1\d{10}$))/, '');
  if (!/^1[3-9]\d{9}$/.test(digits)) {
    throw new BadRequestError(`${field} must be a mainland China mobile number (11 digits starting with 1, +86 optional).`, field).say('errMobile', { field });
  }
  return `+86${digits}`;
}

/** The number as people read it: `138 1234 5678`. */
export function spokenMobile(e164: string): string {
  const digits = e164.replace(/^\+86/, '');
  return /^\d{11}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}` : e164;
}

/** The number with its middle four digits hidden, as a page shows whom a code went to: `138 **** 5678`. */
export const maskedMobile = (e164: string) => spokenMobile(e164).replace(/ \d{4} /, ' **** ');
