import { signLink, verifyLink, type SignedPayload } from '../../auth/signed-links.js';
import { CODE_MINUTES } from '../../auth/sms-codes.js';
import { open, seal } from '../../crypto/secret-box.js';
import { html, type SafeHtml } from '../../http/html.js';
import { limitPerHour } from '../../http/rate-limit.js';
import type { HourWindow } from '../../http/hour-window.js';
import { csrfField, say } from './layout.js';
import type { Visitor } from './visitor.js';

/**
 * What signing in by text message and opening one's own data by text message share: the
 * number form, the code form, the code page's token and the limits. Codes asked for per hour are
 * counted per number and per IP address over both purposes (a number is texted at most 5 times an
 * hour, whatever for); typed codes are counted per IP address.
 */
const CODES_PER_NUMBER = 5;
const CODES_PER_IP = 20;
const TRIES_PER_IP = 60;

export async function limitCodeAsks(limiter: HourWindow, ip: string, mobile: string): Promise<void> {
  await limitPerHour(limiter, 'sms-code-ip', ip, CODES_PER_IP, 'codes asked from your address');
  await limitPerHour(limiter, 'sms-code-number', mobile, CODES_PER_NUMBER, 'codes for this number');
}

export const limitCodeTries = (limiter: HourWindow, ip: string) => limitPerHour(limiter, 'sms-try-ip', ip, TRIES_PER_IP, 'codes tried from your address');

/**
 * The token a code page carries: the number, sealed so that no URL or log line shows it, for three
 * times a code's life (a code that lapsed is then refused in words on its page, not as a bad link).
 */
export const codePageToken = (secretKey: string, purpose: string, mobile: string) => signLink(secretKey, purpose, { m: seal(secretKey, mobile) }, CODE_MINUTES * 60 * 3);

/** The number a code page is for (400/410 for a tampered or expired token). */
export const numberOfCodePage = (secretKey: string, purpose: string, token: string) => open(secretKey, verifyLink<SignedPayload & { m: string }>(secretKey, purpose, token).m);

type Hidden = Record<string, string>;
const hiddenFields = (hidden: Hidden) => Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);

/** A mobile number to text a code to. */
export function mobileForm(visitor: Visitor, form: { action: string; heading: string; button: string; mobileLabel: string; hidden?: Hidden; mobile?: string }): SafeHtml {
  return html`<h2 id="by-mobile">${form.heading}</h2><form method="post" action="${form.action}">${csrfField(visitor)}${hiddenFields(form.hidden ?? {})}
<label for="mobile">${form.mobileLabel}</label><input id="mobile" name="mobile" type="tel" inputmode="tel" autocomplete="tel" required maxlength="30" placeholder="138 1234 5678" value="${form.mobile ?? ''}">
<p><button>${form.button}</button></p></form>`;
}

/** The six digits that came by text message. */
export function codeForm(visitor: Visitor, form: { action: string; intro: string; codeLabel: string; button: string; hidden: Hidden; askAgain: { href: string; text: string } }): SafeHtml {
  return html`<p>${form.intro}</p>
<form method="post" action="${form.action}">${csrfField(visitor)}${hiddenFields(form.hidden)}
<label for="code">${form.codeLabel}</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required>
<p><button class="primary">${form.button}</button></p></form>
<p><a href="${form.askAgain.href}">${form.askAgain.text}</a></p>`;
}

/** The sign-in page's second form: a mobile number for a texted code. */
export function smsSignInForm(visitor: Visitor, next: string, mobile = ''): SafeHtml {
  return mobileForm(visitor, { action: '/signin/sms', heading: say(visitor, 'smsSignInTitle'), mobileLabel: say(visitor, 'mobile'), button: say(visitor, 'smsSendCode'), hidden: { next }, mobile });
}
