import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { CODE_MINUTES } from '../../auth/sms-codes.js';
import { html, type HtmlPart } from '../../http/html.js';
import { mainlandMobile, maskedMobile } from '../../phones/mobile-number.js';
import { accessByCode, codeForMobile } from '../../privacy/self-service.js';
import { refusal, text, type FormBody } from '../frame/forms.js';
import { notice, say, sendPage, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import { askPage } from './privacy-pages.js';
import { codeForm, codePageToken, limitCodeAsks, limitCodeTries, numberOfCodePage } from '../frame/texted-code-forms.js';
import type { Visitor } from '../frame/visitor.js';

const CODE_PURPOSE = 'privacy-code';

/**
 * A person's own data by mobile number (registrations and reservations may carry one): the number
 * is texted a code with the sign-in template — approved templates carry codes, not links — and the
 * right code opens the same page a mailed link does. The answer is the same whether or not
 * anything is held; codes last 10 minutes and 5 tries, asking and typing are limited as for
 * signing in (and counted together with it).
 */
export const privacySmsPages: FastifyPluginAsync = async (app) => {
  if (!app.texting.enabled) return;
  const title = (visitor: Visitor) => words(visitor, 'privacyTitle');

  app.post('/privacy/sms', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const typed = text(request.body as FormBody, 'mobile');
    let mobile: string;
    try {
      mobile = mainlandMobile(typed);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, title(visitor), askPage(app, visitor, { mobile: typed }, { mobile: notice(refused.message, 'error') }), '/privacy', refused.status);
    }
    await limitCodeAsks(app.hourLimits, request.ip, mobile);
    const code = codeForMobile(app.deps, mobile);
    // Texted in the background, a refusal logged (masked): the page says the same, as soon, whether or not anything is held.
    if (code) app.texting.sendCode(mobile, code, CODE_MINUTES, request.log, 'privacy code');
    return reply.redirect(`/privacy/code?${new URLSearchParams({ t: codePageToken(app.secretKey, CODE_PURPOSE, mobile) }).toString()}`, 303);
  });

  function codePage(reply: FastifyReply, visitor: Visitor, token: string, message: HtmlPart = '', status = 200) {
    const mobile = numberOfCodePage(app.secretKey, CODE_PURPOSE, token);
    const body = html`${message}${codeForm(visitor, {
      action: '/privacy/code',
      intro: say(visitor, 'privacyCodeSent', { mobile: maskedMobile(mobile), minutes: CODE_MINUTES }),
      codeLabel: say(visitor, 'smsCode'),
      button: say(visitor, 'privacyCodeButton'),
      hidden: { t: token },
      askAgain: { href: '/privacy#by-mobile', text: say(visitor, 'smsAskAgain') },
    })}`;
    return sendPage(reply, visitor, title(visitor), body, '/privacy/code', status);
  }

  app.get('/privacy/code', pageRoute('public'), async (request, reply) => codePage(reply, request.visitor, (request.query as Record<string, string | undefined>).t ?? ''));

  app.post('/privacy/code', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const token = text(form, 't');
    const mobile = numberOfCodePage(app.secretKey, CODE_PURPOSE, token);
    await limitCodeTries(app.hourLimits, request.ip);
    try {
      return reply.redirect(accessByCode(app.deps, mobile, text(form, 'code')), 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return codePage(reply, visitor, token, notice(refused.message, 'error'), refused.status);
    }
  });
};
