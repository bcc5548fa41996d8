/**
 * Log lines never carry a person's address or mobile number (PIPL; #23), wherever they come from:
 * a request URL (`?email=a%40b.cn`), an SMTP error quoting the recipient, a library's message.
 * Every serialized line passes through `maskPersonalData` on its way to the destination.
 */

// An address, its @ possibly percent-encoded (URLs); a mainland mobile number, +86 or %2B86 optional.
const EMAIL = /[\w.+-]+(?:@|%40)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/gi;
const MOBILE = /(?<![\w%])(?:(?:\+|%2B)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/gi;

export function maskPersonalData(line: string): string {
  // Every line holds digits (its timestamp), so only the address pattern can be skipped cheaply.
  const addressed = line.includes('@') || line.includes('%40') ? line.replace(EMAIL, '[address]') : line;
  return addressed.replace(MOBILE, '[mobile]');
}

export interface LogStream {
  write(line: string): void;
}

/** A pino destination that masks each line before handing it to `destination`. */
export function maskedStream(destination: LogStream = process.stdout): LogStream {
  return { write: (line) => destination.write(maskPersonalData(line)) };
}
