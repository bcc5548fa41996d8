import type { DbDeps } from '../services/service-deps.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { SubscriberPreferences, SubscriberStatus } from '../db/schema.js';
import { countBounce, findSubscriber, insertSubscriber, subscriberByEmail, subscribersAfter, updateSubscriber, type SubscriberRow } from './subscribers-dal.js';
import { ExpiredLinkError, NotFoundError } from '../errors/http-errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { queueEmail } from '../mail/email-outbox.js';
import { utc } from '../time/instants.js';
import { confirmUrl, readConfirmToken, readManageToken, type LinkDeps } from './subscriber-links.js';
import { confirmationMail } from './subscriber-mails.js';
import type { PreferencesInput, SubscribeInput } from './subscribers-schemas.js';
import { noticeShown } from '../personal-data/notice-shown.js';
import { assertNotErased } from '../personal-data/erased.js';
import { nowDate } from '../time/clock.js';

export interface SubscriberDeps extends LinkDeps {
  db: Db;
  /** The privacy notice shown now (recorded when the form does not say). */
  noticeVersion?: string;
}


const DEFAULTS: SubscriberPreferences = { topics: [], parks: [], organizations: [], language: 'zh-CN', cadence: 'instant', reminders: false };

function merge(base: SubscriberPreferences, input: PreferencesInput): SubscriberPreferences {
  return {
    topics: input.topics ? [...new Set(input.topics.map((t) => t.trim().toLowerCase()))] : base.topics,
    parks: input.parks ?? base.parks,
    organizations: input.organizations ?? base.organizations,
    language: input.language ?? base.language,
    cadence: input.cadence ?? base.cadence,
    reminders: input.reminders ?? base.reminders,
  };
}

/**
 * Double opt-in. Whatever the address's state, the answer is the same, and a confirmation link
 * is mailed: a new address starts pending; a confirmed one keeps its preferences until the new
 * link confirms the new ones. Only the latest link works.
 */
export function subscribe(deps: SubscriberDeps, input: SubscribeInput): void {
  const email = input.email.trim().toLowerCase();
  const { email: _email, noticeVersion, ...wanted } = input;
  deps.db.transaction((tx) => {
    const existing = subscriberByEmail(tx, email);
    const now = nowDate();
    const notice = noticeShown(tx, noticeVersion, deps.noticeVersion);
    let row: SubscriberRow;
    if (!existing) {
      row = insertSubscriber(tx, { email, preferences: merge(DEFAULTS, wanted), ...notice, updatedAt: now });
    } else if (existing.status === 'confirmed') {
      row = updateSubscriber(tx, existing.id, { pendingPreferences: merge(existing.preferences, wanted), confirmVersion: existing.confirmVersion + 1, ...notice, updatedAt: now });
    } else {
      row = updateSubscriber(tx, existing.id, { status: 'pending', preferences: merge(existing.preferences, wanted), pendingPreferences: null, confirmVersion: existing.confirmVersion + 1, ...notice, updatedAt: now });
    }
    const language = (row.pendingPreferences ?? row.preferences).language;
    queueEmail(tx, 'subscriber-confirm', confirmationMail(email, language, confirmUrl(deps, row.id, row.confirmVersion)));
  });
}

/** The subscriber a confirmation link is for, if it is still the latest one sent (410 otherwise). */
function confirming(db: DbOrTx, secretKey: string, token: string): SubscriberRow {
  const { subscriberId, version } = readConfirmToken(secretKey, token);
  const row = findSubscriber(db, subscriberId);
  if (!row) throw new NotFoundError('Subscriber', subscriberId);
  if (version !== row.confirmVersion) throw new ExpiredLinkError('A newer confirmation link was sent to this address; use that one.').say('errNewerConfirmation');
  return row;
}

/** What a confirmation link would confirm, changing nothing (mail scanners open links too). */
export function confirmationPreview(deps: SubscriberDeps, token: string): PreferencesView {
  const row = confirming(deps.db, deps.secretKey, token);
  return { ...toPreferences(row), ...(row.pendingPreferences ?? {}) };
}

/** Confirms through the mailed link (its page's button): idempotent for the same link; an older link has expired (410). */
export function confirm(deps: SubscriberDeps, token: string): PreferencesView {
  return deps.db.transaction((tx) => {
    const row = confirming(tx, deps.secretKey, token);
    if (row.status === 'confirmed' && !row.pendingPreferences) return toPreferences(row);
    const after = updateSubscriber(tx, row.id, { status: 'confirmed', preferences: row.pendingPreferences ?? row.preferences, pendingPreferences: null, bounces: 0, confirmedAt: nowDate(), updatedAt: nowDate() });
    return toPreferences(after);
  });
}

export type PreferencesView = SubscriberPreferences & { email: string; status: SubscriberStatus };

function toPreferences(row: SubscriberRow): PreferencesView {
  return { email: row.email, status: row.status, ...row.preferences };
}

function bySignedToken(db: DbOrTx, secretKey: string, token: string): SubscriberRow {
  const id = readManageToken(secretKey, token);
  const row = findSubscriber(db, id);
  if (!row) throw new NotFoundError('Subscriber', id);
  return assertNotErased(row);
}

export function preferences(deps: SubscriberDeps, token: string): PreferencesView {
  return toPreferences(bySignedToken(deps.db, deps.secretKey, token));
}

/** Changes preferences through the signed link in a notice; the link proves the address, so no new confirmation. */
export function updatePreferences(deps: SubscriberDeps, token: string, input: PreferencesInput): PreferencesView {
  const row = bySignedToken(deps.db, deps.secretKey, token);
  return toPreferences(
    updateSubscriber(deps.db, row.id, { preferences: merge(row.preferences, input), updatedAt: nowDate() }),
  );
}

/** RFC 8058 one-click unsubscribe: needs nothing but the token, and doing it twice is harmless. */
export function unsubscribe(deps: SubscriberDeps, token: string): PreferencesView {
  const row = bySignedToken(deps.db, deps.secretKey, token);
  if (row.status === 'unsubscribed') return toPreferences(row);
  const now = nowDate();
  return toPreferences(
    updateSubscriber(deps.db, row.id, { status: 'unsubscribed', unsubscribedAt: now, pendingPreferences: null, updatedAt: now }),
  );
}

export function listSubscribers({ db }: DbDeps, query: { status?: SubscriberStatus; cursor?: string; limit?: number }) {
  const limit = query.limit ?? 50;
  const rows = subscribersAfter(db, decodeCursor(query.cursor) ?? 0, limit, query.status);
  return toPage(rows, limit, (row) => ({
    id: row.id,
    email: row.email,
    status: row.status,
    preferences: row.preferences,
    bounces: row.bounces,
    confirmedAt: row.confirmedAt ? utc(row.confirmedAt) : null,
    createdAt: utc(row.createdAt),
  }));
}

/** What a notice to the subscriber came to: a permanent refusal counts toward bouncing (BOUNCE_LIMIT in a row), anything else clears the count. */
export function noticeOutcome({ db }: DbDeps, subscriberId: number, bounced: boolean, bounceLimit: number): void {
  countBounce(db, subscriberId, bounced, bounceLimit, nowDate());
}
