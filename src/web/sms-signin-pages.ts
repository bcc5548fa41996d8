import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import { MEMBER_HOME, safeNext } from '../auth/signin-links.js';
import { CODE_MINUTES, issueSignInCode, memberByMobile, useSignInCode } from '../auth/sms-codes.js';
import { html, type HtmlPart } from '../http/html.js';
import { limitPerHour } from '../http/rate-limit.js';
import { mainlandMobile, spokenMobile } from '../phones/mobile-number.js';
import { smsSender } from '../phones/sms-sender.js';
import { smsSignInForm } from './sms-signin-form.js';
import { refusal, text, type FormBody } from './forms.js';
import { csrfField, notice, say, sendPage, words } from './layout.js';
import { pageRoute } from './signin-routes.js';
import type { Visitor } from './visitor.js';
import { cookieOptions } from './web-plugin.js';
import { cookieNames, SESSION_DAYS, startSession } from './web-session.js';

const CODE_PURPOSE = 'sms-sign-in';
/** Codes asked for per hour, per number and per IP address; typed codes checked per IP address. */
const CODES_PER_NUMBER = 5;
const CODES_PER_IP = 20;
const TRIES_PER_IP = 60;

/**
 * Signing in with a six-digit code texted to the mobile number on a member's profile, when an
 * SMS provider is configured (SMS_PROVIDER): asked for with the number, typed on the next page.
 * The answer is the same whether or not the number is a member's; codes last 10 minutes and 5
 * tries; asking is limited per number and per IP address, typing per IP address.
 */
export const smsSignInPages: FastifyPluginAsync = async (app) => {
  const sms = smsSender(app.config.sms);
  if (!sms) return;

  app.post('/signin/sms', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const next = safeNext(text(form, 'next'), app.config.publicUrl, MEMBER_HOME);
    let mobile: string;
    try {
      mobile = mainlandMobile(text(form, 'mobile'));
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'signIn'), html`${notice(refused.message, 'error')}${smsSignInForm(visitor, next, text(form, 'mobile'))}`, '/signin', refused.status);
    }
    await limitPerHour(app.jobs.rateLimiter, 'sms-code-ip', request.ip, CODES_PER_IP, 'codes asked from your address');
    await limitPerHour(app.jobs.rateLimiter, 'sms-code-number', mobile, CODES_PER_NUMBER, 'codes for this number');
    const member = memberByMobile(app.deps, mobile);
    if (member) {
      const code = issueSignInCode(app.deps, member.id);
      // A provider that refuses is logged for the office; the page says the same as ever (it must not tell whose number it is).
      await sms.sendCode(mobile, code, CODE_MINUTES).catch((error: Error) => request.log.error({ err: error, memberId: member.id }, 'sign-in code not texted'));
    }
    const token = signLink(app.secretKey, CODE_PURPOSE, { mobile }, CODE_MINUTES * 60 * 3);
    return reply.redirect(`/signin/code?${new URLSearchParams({ t: token, next }).toString()}`, 303);
  });

  /** The number a code page is for, from its signed token (30 minutes: a code that lapsed is refused in words on its page). */
  const numberOf = (token: string) => verifyLink<SignedPayload & { mobile: string }>(app.secretKey, CODE_PURPOSE, token).mobile;

  function codePage(reply: FastifyReply, visitor: Visitor, token: string, next: string, message: HtmlPart = '', status = 200) {
    const mobile = numberOf(token);
    const masked = spokenMobile(mobile).replace(/ \d{4} /, ' **** ');
    const body = html`${message}<p>${say(visitor, 'smsCodeSent', { mobile: masked, minutes: CODE_MINUTES })}</p>
<form method="post" action="/signin/code">${csrfField(visitor)}<input type="hidden" name="t" value="${token}"><input type="hidden" name="next" value="${next}">
<label for="code">${say(visitor, 'smsCode')}</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required>
<p><button class="primary">${say(visitor, 'signIn')}</button></p></form>
<p><a href="/signin">${say(visitor, 'smsAskAgain')}</a></p>`;
    return sendPage(reply, visitor, words(visitor, 'signIn'), body, '/signin/code', status);
  }

  app.get('/signin/code', pageRoute('public'), async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    return codePage(reply, request.visitor, q.t ?? '', safeNext(q.next, app.config.publicUrl, MEMBER_HOME));
  });

  app.post('/signin/code', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const token = text(form, 't');
    const next = safeNext(text(form, 'next'), app.config.publicUrl, MEMBER_HOME);
    const mobile = numberOf(token);
    await limitPerHour(app.jobs.rateLimiter, 'sms-try-ip', request.ip, TRIES_PER_IP, 'codes tried from your address');
    try {
      const member = memberByMobile(app.deps, mobile);
      // No member: refused as a code that no longer works, which is all the visitor may learn.
      if (!member) useSignInCode(app.deps, 0, text(form, 'code'));
      else useSignInCode(app.deps, member.id, text(form, 'code'));
      const session = startSession(app.db, member!.id);
      reply.setCookie(cookieNames(app.config.publicUrl).session, session, cookieOptions(app, SESSION_DAYS * 24 * 3600));
      return reply.redirect(next, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return codePage(reply, visitor, token, next, notice(refused.message, 'error'), refused.status);
    }
  });
};
