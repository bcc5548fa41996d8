import type { Language, Role } from '../../db/schema.js';
import type { OutgoingMail } from '../mailer.js';
import { composeMail, wordsIn } from './common.js';

export interface WelcomeMailInput {
  to: string;
  name: string;
  role: Role;
  language: Language;
  organizationName: string;
  publicUrl: string;
}

/** The mail a new member receives. It never contains the token, which only the admitting coordinator sees. */
export function welcomeMail(input: WelcomeMailInput): OutgoingMail {
  const say = wordsIn(input.language);
  return composeMail(input.to, input.language, say('mailWelcomeSubject', { name: input.name }), [
    say('mailHello', { name: input.name }),
    '',
    say('mailWelcomeAdded', { role: say(`mailRole_${input.role}`), organization: input.organizationName }),
    say('mailWelcomeToken'),
    say('mailWelcomeDocs', { url: `${input.publicUrl}/docs` }),
  ]);
}
