/** A sign-in code texted to a mainland number (E.164), through the provider's approved signature and template. */
export interface SmsSender {
  sendCode(mobile: string, code: string, minutes: number): Promise<void>;
}

/** The provider refused or could not be reached; `code` is the provider's own (e.g. `isv.BUSINESS_LIMIT_CONTROL`). */
export class SmsError extends Error {
  override name = 'SmsError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export const SMS_TIMEOUT_MS = 10_000;

/** Reads a provider's JSON answer, or says the provider was unreachable or answered something else. */
export async function postJson(url: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, method: 'POST', redirect: 'error', signal: AbortSignal.timeout(SMS_TIMEOUT_MS) });
  } catch (error) {
    throw new SmsError(`SMS provider unreachable: ${(error as Error).message}`, 'unreachable');
  }
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SmsError(`SMS provider answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}`, `http-${response.status}`);
  }
}
