import { assertSafeUrl, UnsafeUrlError } from './url-safety.js';
import { checkedDispatcher } from './checked-lookup.js';
import { DeliveryError } from './adapter.js';

export const HTTP_TIMEOUT_MS = 15_000;

export interface HttpOptions {
  allowHosts: readonly string[];
  /** A stand-in for dns.lookup (tests): what names resolve to. */
  resolve?: Parameters<typeof checkedDispatcher>[1];
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
}

export interface HttpAnswer {
  status: number;
  json: unknown;
  text: string;
  retryAfter: string | null;
}

/** Parses Retry-After: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * One HTTP call to a receiver (a JSON body, or a multipart form for an upload): the URL must be
 * public (or allow-listed), checked again on the very resolution the connection uses
 * (checked-lookup.ts), redirects are not followed, and it gives up after 15 s. Failures come back
 * as classified DeliveryErrors.
 */
export async function callJson(url: string, body: string | FormData | undefined, options: HttpOptions): Promise<HttpAnswer> {
  // A clear refusal up front (scheme, literal addresses, what the name resolves to now); the
  // connection itself is held to the same rule by its own lookup.
  await assertSafeUrl(url, options.allowHosts, options.resolve).catch((error: Error) => {
    throw new DeliveryError(error.message, { permanent: true });
  });
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'POST',
      // A string is JSON; FormData goes as multipart/form-data, its boundary set by fetch.
      headers: { ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}), 'user-agent': 'chuanglian/1', ...options.headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      // Node's fetch takes undici's dispatcher: the connection resolves through the checked lookup.
      dispatcher: await checkedDispatcher(options.allowHosts, options.resolve),
    });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof UnsafeUrlError) throw new DeliveryError(cause.message, { permanent: true });
    throw new DeliveryError(`Request failed: ${(error as Error).message}`);
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, retryAfter: response.headers.get('retry-after') };
}

/** Classifies a non-2xx answer the same way for every HTTP receiver. */
export function httpFailure({ status, text, retryAfter }: HttpAnswer): DeliveryError {
  const detail = `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (status === 410) return new DeliveryError(detail, { permanent: true, disableChannel: true, status });
  if (status === 429 || status === 503) return new DeliveryError(detail, { retryAfterMs: parseRetryAfter(retryAfter), status });
  if (status >= 300 && status < 400) return new DeliveryError(`${detail} (redirects are not followed)`, { permanent: true, status });
  if (status >= 400 && status < 500 && status !== 408 && status !== 425) return new DeliveryError(detail, { permanent: true, status });
  return new DeliveryError(detail, { status });
}
