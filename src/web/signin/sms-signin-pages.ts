import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { MEMBER_HOME, safeNext } from '../../auth/signin-links.js';
import { CODE_MINUTES, issueCode, memberByMobile, useCode } from '../../auth/sms-codes.js';
import { html, type HtmlPart } from '../../http/html.js';
import { mainlandMobile, maskedMobile } from '../../phones/mobile-number.js';
import { codeForm, codePageToken, limitCodeAsks, limitCodeTries, numberOfCodePage, smsSignInForm } from '../frame/texted-code-forms.js';
import { refusal, text, type FormBody } from '../frame/forms.js';
import { notice, say, sendPage, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { cookieOptions } from '../frame/web-plugin.js';
import { cookieNames, SESSION_DAYS, startSession } from '../frame/web-session.js';

const CODE_PURPOSE = 'sms-sign-in';

/**
 * Signing in with a six-digit code texted to the mobile number on a member's profile, when an
 * SMS provider is configured (SMS_PROVIDER): asked for with the number, typed on the next page.
 * The answer is the same whether or not the number is a member's; codes last 10 minutes and 5
 * tries; asking is limited per number and per IP address, typing per IP address.
 */
export const smsSignInPages: FastifyPluginAsync = async (app) => {
  if (!app.texting.enabled) return;

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
    await limitCodeAsks(app.hourLimits, request.ip, mobile);
    const member = memberByMobile(app.deps, mobile);
    if (member) {
      const code = issueCode(app.deps, `member:${member.id}`);
      // Texted in the background and a refusal logged: the page says the same, as soon, whoever's number it is.
      app.texting.sendCode(mobile, code, CODE_MINUTES, request.log.child({ memberId: member.id }), 'sign-in code');
    }
    const token = codePageToken(app.secretKey, CODE_PURPOSE, mobile);
    return reply.redirect(`/signin/code?${new URLSearchParams({ t: token, next }).toString()}`, 303);
  });

  const numberOf = (token: string) => numberOfCodePage(app.secretKey, CODE_PURPOSE, token);

  function codePage(reply: FastifyReply, visitor: Visitor, token: string, next: string, message: HtmlPart = '', status = 200) {
    const mobile = numberOf(token);
    const body = html`${message}${codeForm(visitor, {
      action: '/signin/code',
      intro: say(visitor, 'smsCodeSent', { mobile: maskedMobile(mobile), minutes: CODE_MINUTES }),
      codeLabel: say(visitor, 'smsCode'),
      button: say(visitor, 'signIn'),
      hidden: { t: token, next },
      askAgain: { href: '/signin', text: say(visitor, 'smsAskAgain') },
    })}`;
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
    await limitCodeTries(app.hourLimits, request.ip);
    try {
      const member = memberByMobile(app.deps, mobile);
      // No member: refused as a code that no longer works, which is all the visitor may learn.
      useCode(app.deps, `member:${member?.id ?? 0}`, text(form, 'code'));
      const session = startSession(app.db, member!.id);
      reply.setCookie(cookieNames(app.config.publicUrl).session, session, cookieOptions(app, SESSION_DAYS * 24 * 3600));
      return reply.redirect(next, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return codePage(reply, visitor, token, next, notice(refused.message, 'error'), refused.status);
    }
  });
};
