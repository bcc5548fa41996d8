import type { Language } from '../db/schema.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { composeMail, wordsIn } from '../mail/templates/common.js';

/** The single-use sign-in link a member asked for on the sign-in page. */
export function signInMail(input: { to: string; name: string; language: Language; url: string }): OutgoingMail {
  const say = wordsIn(input.language);
  return composeMail(input.to, input.language, say('mailSigninSubject'), [say('mailHello', { name: input.name }), '', say('mailSigninOpen'), input.url, '', say('mailSigninIgnore')]);
}
