import type { MessageKey, MessageValues } from '../i18n/translate.js';

/**
 * Typed errors that services throw. The problem handler turns each into an RFC 9457
 * `application/problem+json` body; nothing else in the code builds error responses.
 */
export class HttpError extends Error {
  /** The refusal in people's words: a message key and its values, so a page says it in the visitor's language. */
  words?: { key: MessageKey; values: MessageValues };

  constructor(
    readonly status: number,
    /** Short slug; the problem `type` is `/problems/<slug>`. */
    readonly slug: string,
    readonly title: string,
    detail: string,
    /** Extra members for the problem body, e.g. `{ field: 'email' }`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  /** Names the message a page shows for this refusal (the API keeps `detail`, in English). */
  say(key: MessageKey, values: MessageValues = {}): this {
    this.words = { key, values };
    return this;
  }
}

export class BadRequestError extends HttpError {
  constructor(detail: string, field?: string, extensions: Record<string, unknown> = {}) {
    super(400, 'validation-error', 'Your request is not valid', detail, field ? { field, ...extensions } : extensions);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(detail: string) {
    super(401, 'unauthorized', 'Authentication required', detail);
  }
}

export class ForbiddenError extends HttpError {
  /** `field` names the part of the request that points at something not the caller's. */
  constructor(detail: string, field?: string, extensions: Record<string, unknown> = {}) {
    super(403, 'forbidden', 'Not allowed', detail, field ? { field, ...extensions } : extensions);
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string, id?: number | string) {
    super(404, 'not-found', 'Not found', id === undefined ? `${what} was not found.` : `${what} ${id} was not found.`);
    this.say('errNotFound');
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(detail: string) {
    super(415, 'unsupported-media-type', 'Unsupported media type', detail);
  }
}

export class ConflictError extends HttpError {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(409, 'conflict', 'Conflict with the current state', detail, extensions);
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(503, 'unavailable', 'Service unavailable', detail, extensions);
  }
}

/** A signed link that is malformed, tampered with, or made for something else. */
export class InvalidLinkError extends HttpError {
  constructor(detail: string) {
    super(400, 'invalid-link', 'This link is not valid', detail);
  }
}

/** A signed link that has expired or been used. */
export class ExpiredLinkError extends HttpError {
  constructor(detail: string) {
    super(410, 'link-expired', 'This link can no longer be used', detail);
  }
}

/** Too many requests: `retryAfterSeconds` goes out as the Retry-After header. */
export class TooManyRequestsError extends HttpError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too-many-requests', 'Too many requests', detail, { retryAfterSeconds });
  }
}
