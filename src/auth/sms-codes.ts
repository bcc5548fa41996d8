import crypto from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { members, signInCodes } from '../db/schema.js';
import { BadRequestError } from '../errors/http-errors.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';

/** A texted code works this long … */
export const CODE_MINUTES = 10;
/** … and for this many wrong tries, then a new one must be asked for. */
export const CODE_TRIES = 5;

type Deps = OwnDbDeps & { secretKey: string };

const hashOf = (secretKey: string, memberId: number, code: string) => crypto.createHmac('sha256', secretKey).update(`sign-in-code:${memberId}:${code}`).digest('base64url');

/** The active member a mobile number (E.164) belongs to, if any. */
export function memberByMobile({ db }: OwnDbDeps, mobile: string) {
  return db.select().from(members).where(and(eq(members.mobile, mobile), isNull(members.deactivatedAt))).get();
}

/** A fresh six-digit code for a member (earlier unused ones stop working); only its keyed hash is kept. */
export function issueSignInCode({ db, secretKey }: Deps, memberId: number): string {
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  db.transaction((tx) => {
    tx.update(signInCodes).set({ usedAt: nowDate() }).where(and(eq(signInCodes.memberId, memberId), isNull(signInCodes.usedAt))).run();
    tx.insert(signInCodes).values({ memberId, codeHash: hashOf(secretKey, memberId, code), createdAt: nowDate(), expiresAt: new Date(nowMs() + CODE_MINUTES * 60_000) }).run();
  });
  return code;
}

/**
 * Checks a typed code against the member's latest one: used once, within 10 minutes, at most 5
 * tries (each wrong one counted). A refusal says what to do: try again (with the tries left) or
 * ask for a new code.
 */
export function useSignInCode({ db, secretKey }: Deps, memberId: number, typed: string): void {
  // Decided inside the transaction, refused after it: a wrong try must stay counted (a throw inside would roll it back).
  const outcome = db.transaction(
    (tx): { ok: true } | { ok: false; triesLeft: number } => {
      const latest = tx.select().from(signInCodes).where(eq(signInCodes.memberId, memberId)).orderBy(desc(signInCodes.id)).get();
      if (!latest || latest.usedAt || latest.expiresAt.getTime() <= nowMs() || latest.attempts >= CODE_TRIES) return { ok: false, triesLeft: 0 };
      const given = Buffer.from(hashOf(secretKey, memberId, typed.replace(/\s/g, '')));
      const expected = Buffer.from(latest.codeHash);
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
        tx.update(signInCodes).set({ attempts: latest.attempts + 1 }).where(eq(signInCodes.id, latest.id)).run();
        return { ok: false, triesLeft: CODE_TRIES - latest.attempts - 1 };
      }
      tx.update(signInCodes).set({ usedAt: nowDate() }).where(eq(signInCodes.id, latest.id)).run();
      return { ok: true };
    },
    { behavior: 'immediate' },
  );
  if (outcome.ok) return;
  if (outcome.triesLeft > 0) throw new BadRequestError(`Wrong code; ${outcome.triesLeft} tries left.`, 'code').say('errCodeWrong', { n: outcome.triesLeft });
  throw new BadRequestError('This code is no longer valid; ask for a new one.', 'code').say('errCodeExpired', { minutes: CODE_MINUTES });
}
