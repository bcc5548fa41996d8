import { html, type HtmlPart } from '../http/html.js';
import { csrfField, say } from './layout.js';
import type { Visitor } from './visitor.js';

/** Where the sign-in page's second form goes: a mobile number for a texted code. */
export function smsSignInForm(visitor: Visitor, next: string, mobile = ''): HtmlPart {
  return html`<h2>${say(visitor, 'smsSignInTitle')}</h2><form method="post" action="/signin/sms">${csrfField(visitor)}<input type="hidden" name="next" value="${next}">
<label for="mobile">${say(visitor, 'mobile')}</label><input id="mobile" name="mobile" type="tel" inputmode="tel" autocomplete="tel" required maxlength="30" placeholder="138 1234 5678" value="${mobile}">
<p><button>${say(visitor, 'smsSendCode')}</button></p></form>`;
}

