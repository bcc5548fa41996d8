import type { FastifyPluginAsync } from 'fastify';
import { verifyLink, type SignedPayload } from '../../auth/signed-links.js';
import { assertUnused, useLink } from '../../auth/used-links.js';
import { principalForLink } from '../../auth/principal.js';
import { findActiveMemberByEmail, findMemberRow, type MemberRow } from '../../members/members-service.js';
import { type SafeHtml, html } from '../../http/html.js';
import { limitPerHour } from '../../http/rate-limit.js';
import { queueEmail } from '../../mail/email-outbox.js';
import { signInMail } from '../../auth/signin-mail.js';
import { text } from '../frame/forms.js';
import { t } from '../../i18n/translate.js';
import { MEMBER_HOME, safeNext, SIGNIN_PURPOSE, signInUrl } from '../../auth/signin-links.js';
import { csrfField, notice, sendPage } from '../frame/layout.js';
import { ExpiredLinkError } from '../../errors/http-errors.js';
import { smsSignInForm } from '../frame/texted-code-forms.js';
import { cookieOptions } from '../frame/web-plugin.js';
import { pageRoute } from '../frame/page-route.js';
import { cookieNames, endSession, SESSION_DAYS, startSession } from '../frame/web-session.js';

/** Sign-in links asked for per hour, per address and per IP address. */
const PER_ADDRESS = 5;
const PER_IP = 30;


type Form = Record<string, string | undefined>;

/** A form posting to `action`, with the CSRF field and where to go next. */
function form(visitor: Parameters<typeof csrfField>[0], action: string, next: string, fields: SafeHtml): SafeHtml {
  return html`<form method="post" action="${action}">${csrfField(visitor)}<input type="hidden" name="next" value="${next}">${fields}</form>`;
}

export const signInRoutes: FastifyPluginAsync = async (app) => {
  app.get('/signin', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    // After the redirect: the same answer whether or not the address is a member's.
    if ((request.query as Form).sent === '1') return sendPage(reply, visitor, t(visitor.language, 'signIn'), html`<p class="notice" role="status">${t(visitor.language, 'linkSent')}</p>`, '/signin');
    const fields = html`<label for="email">${t(visitor.language, 'email')}</label><input id="email" name="email" type="email" required autocomplete="email">
<p><button>${t(visitor.language, 'sendLink')}</button></p>`;
    const next = safeNext((request.query as Form).next, app.config.publicUrl, MEMBER_HOME);
    // With an SMS provider, a second way in: a code texted to the number on the member's profile.
    const bySms = app.texting.enabled ? smsSignInForm(visitor, next) : '';
    return sendPage(reply, visitor, t(visitor.language, 'signIn'), html`${form(visitor, '/signin', next, fields)}${bySms}`, '/signin');
  });

  /** Mails an active member a fresh sign-in link, within the per-IP and per-address limits. */
  async function mailSignInLink(ip: string, member: MemberRow | undefined, email: string, next: unknown) {
    await limitPerHour(app.hourLimits, 'signin-ip', ip, PER_IP, 'sign-in requests from your address');
    if (email) await limitPerHour(app.hourLimits, 'signin-email', email, PER_ADDRESS, 'sign-in links for this email');
    if (!member || member.deactivatedAt) return;
    const url = signInUrl(app.secretKey, app.config.publicUrl, member.id, next);
    queueEmail(app.db, 'signin', signInMail({ to: member.email, name: member.name, language: member.language, url }));
  }

  app.post('/signin', pageRoute('public'), async (request, reply) => {
    const body = request.body as Form;
    const email = text(body, 'email').toLowerCase();
    const member = email ? findActiveMemberByEmail(app.deps, email) : undefined;
    await mailSignInLink(request.ip, member, email, body.next);
    // Post/redirect/get, and the same answer whether or not the address is a member's.
    return reply.redirect('/signin?sent=1', 303);
  });

  // A used or expired link's page offers a new one in one tap: it goes to the address the old one
  // was mailed to (the signature says whose it was), never shown on the page.
  app.post('/signin/:token/renew', pageRoute('public'), async (request, reply) => {
    const { token } = request.params as { token: string };
    const link = verifyLink<SignedPayload & { m: number }>(app.secretKey, SIGNIN_PURPOSE, token, { allowExpired: true });
    const member = findMemberRow(app.deps, link.m);
    await mailSignInLink(request.ip, member, member?.email.toLowerCase() ?? '', (request.body as Form).next);
    return reply.redirect('/signin?sent=1', 303);
  });

  /** The member a valid, unused sign-in link names, as they are now (410 once deactivated). */
  function linkedMember(token: string) {
    const link = verifyLink<SignedPayload & { m: number }>(app.secretKey, SIGNIN_PURPOSE, token);
    assertUnused(app.db, link.n);
    const principal = principalForLink(app.db, link.m);
    return { link, member: { id: principal.memberId, name: principal.name } };
  }

  // Opening the link only shows a button: mail scanners that follow links must not use it up.
  app.get('/signin/:token', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const { token } = request.params as { token: string };
    let member: { id: number; name: string };
    try {
      ({ member } = linkedMember(token));
    } catch (error) {
      // Used or expired (not a deactivated member's): say so, and offer a new link in one tap.
      if (!(error instanceof ExpiredLinkError) || error.words?.key === 'errMemberGone') throw error;
      const message = error.words ? t(visitor.language, error.words.key, error.words.values) : error.message;
      const renew = form(visitor, `/signin/${token}/renew`, safeNext((request.query as Form).next, app.config.publicUrl, MEMBER_HOME), html`<button class="primary">${t(visitor.language, 'sendNewLink')}</button>`);
      return sendPage(reply, visitor, t(visitor.language, 'signIn'), html`${notice(message, 'error')}${renew}`, `/signin/${token}`, 410);
    }
    const button = html`<button>${t(visitor.language, 'confirmSignIn', { name: member.name })}</button>`;
    return sendPage(reply, visitor, t(visitor.language, 'signIn'), form(visitor, `/signin/${token}`, safeNext((request.query as Form).next, app.config.publicUrl, MEMBER_HOME), button), `/signin/${token}`);
  });

  app.post('/signin/:token', pageRoute('public'), async (request, reply) => {
    const { token } = request.params as { token: string };
    const { link, member } = linkedMember(token);
    const session = app.db.transaction((tx) => {
      useLink(tx, link.n);
      return startSession(tx, member.id);
    });
    reply.setCookie(cookieNames(app.config.publicUrl).session, session, cookieOptions(app, SESSION_DAYS * 24 * 3600));
    return reply.redirect(safeNext((request.body as Form).next, app.config.publicUrl, MEMBER_HOME), 303);
  });

  app.post('/signout', pageRoute('public'), async (request, reply) => {
    const { session } = cookieNames(app.config.publicUrl);
    endSession(app.db, request.cookies[session]);
    reply.clearCookie(session, cookieOptions(app));
    return reply.redirect('/', 303);
  });
};
