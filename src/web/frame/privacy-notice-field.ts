import { html, type SafeHtml } from '../../http/html.js';
import type { NoticeForm, PrivacyNotice } from '../../privacy/privacy-notice.js';
import { text, type FormBody } from './forms.js';
import { say } from './layout.js';
import type { Visitor } from './visitor.js';

/**
 * Under every form that collects personal data: who keeps it, what for and how long, in the
 * visitor's language, with a link to /privacy; the version shown goes with the form, and is
 * recorded with what the person gives.
 */
export function noticeField(visitor: Visitor, notice: PrivacyNotice, form: NoticeForm): SafeHtml {
  return html`<p class="muted hint privacy-notice">${notice.short[form][visitor.language]} <a href="/privacy">${say(visitor, 'privacyLink')}</a></p><input type="hidden" name="noticeVersion" value="${notice.version}">`;
}

/** The notice version a posted form carries, for its input (absent: the service records the current one). */
export function noticeOf(form: FormBody): { noticeVersion?: string } {
  const version = text(form, 'noticeVersion');
  return version ? { noticeVersion: version } : {};
}
