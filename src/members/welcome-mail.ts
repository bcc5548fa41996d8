import type { Language, Role } from '../db/schema.js';
import { html, markupOf } from '../http/html.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { composeMail, wordsIn } from '../mail/templates/common.js';

export interface WelcomeMailInput {
  to: string;
  name: string;
  role: Role;
  language: Language;
  organizationName: string;
  publicUrl: string;
  /** Who admitted them (a coordinator's name); absent when the command line did. */
  invitedBy?: string;
  /** A single-use sign-in link that works for days (see WELCOME_LINK_TTL_SECONDS). */
  signInUrl: string;
}

/**
 * The mail a new member receives: who added them to what, what they can do there, and a sign-in
 * button; the API only at the end, for developers. It never contains the token.
 */
export function welcomeMail(input: WelcomeMailInput): OutgoingMail {
  const say = wordsIn(input.language);
  const role = say(`mailRole_${input.role}`);
  const added = input.invitedBy
    ? say('mailWelcomeInvited', { inviter: input.invitedBy, role, organization: input.organizationName })
    : say('mailWelcomeAdded', { role, organization: input.organizationName });
  const can = say(`mailWelcomeCan_${input.role}`);
  const developers = say('mailWelcomeDevelopers', { url: `${input.publicUrl}/docs` });
  const text = composeMail(input.to, input.language, say('mailWelcomeSubject', { name: input.name }), [
    say('mailHello', { name: input.name }),
    '',
    added,
    can,
    '',
    say('mailWelcomeSignIn', { url: input.signInUrl }),
    say('mailWelcomeLater', { url: `${input.publicUrl}/signin` }),
    '',
    developers,
  ]);
  const body = html`<p>${say('mailHello', { name: input.name })}</p><p>${added}<br>${can}</p>
<p><a href="${input.signInUrl}" style="display:inline-block;padding:12px 20px;background:#0b57d0;color:#fff;border-radius:6px;text-decoration:none">${say('mailWelcomeButton')}</a></p>
<p style="color:#666">${say('mailWelcomeLater', { url: `${input.publicUrl}/signin` })}</p><hr><p style="color:#666;font-size:13px">${developers}</p>`;
  return { ...text, html: markupOf(body) };
}
