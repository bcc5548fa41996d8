import crypto from 'node:crypto';
import { activeMemberByMobile, insertCode, latestCode, updateCode, useUpCodes } from './auth-dal.js';
import { BadRequestError } from '../errors/http-errors.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';

/** A texted code works this long … */
export const CODE_MINUTES = 10;
/** … and for this many wrong tries, then a new one must be asked for. */
export const CODE_TRIES = 5;

type Deps = OwnDbDeps & { secretKey: string };

/** Whom a code is for: a member signing in, or a fingerprint of a number asking on /privacy. */
export type CodeHolder = `member:${number}` | `privacy:${string}`;

const hashOf = (secretKey: string, holder: CodeHolder, code: string) => crypto.createHmac('sha256', secretKey).update(`texted-code:${holder}:${code}`).digest('base64url');

/** The active member a mobile number (E.164) belongs to, if any. */
export function memberByMobile({ db }: OwnDbDeps, mobile: string) {
  return activeMemberByMobile(db, mobile);
}

/** A fresh six-digit code for a holder (earlier unused ones stop working); only its keyed hash is kept. */
export function issueCode({ db, secretKey }: Deps, holder: CodeHolder): string {
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  db.transaction((tx) => {
    useUpCodes(tx, holder, nowDate());
    insertCode(tx, { holder, codeHash: hashOf(secretKey, holder, code), createdAt: nowDate(), expiresAt: new Date(nowMs() + CODE_MINUTES * 60_000) });
  });
  return code;
}

/**
 * Checks a typed code against the holder's latest one: used once, within 10 minutes, at most 5
 * tries (each wrong one counted). A refusal says what to do: try again (with the tries left) or
 * ask for a new code.
 */
export function useCode({ db, secretKey }: Deps, holder: CodeHolder, typed: string): void {
  // Decided inside the transaction, refused after it: a wrong try must stay counted (a throw inside would roll it back).
  const outcome = db.transaction(
    (tx): { ok: true } | { ok: false; triesLeft: number } => {
      const latest = latestCode(tx, holder);
      if (!latest || latest.usedAt || latest.expiresAt.getTime() <= nowMs() || latest.attempts >= CODE_TRIES) return { ok: false, triesLeft: 0 };
      const given = Buffer.from(hashOf(secretKey, holder, typed.replace(/\s/g, '')));
      const expected = Buffer.from(latest.codeHash);
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
        updateCode(tx, latest.id, { attempts: latest.attempts + 1 });
        return { ok: false, triesLeft: CODE_TRIES - latest.attempts - 1 };
      }
      updateCode(tx, latest.id, { usedAt: nowDate() });
      return { ok: true };
    },
    { behavior: 'immediate' },
  );
  if (outcome.ok) return;
  if (outcome.triesLeft > 0) throw new BadRequestError(`Wrong code; ${outcome.triesLeft} tries left.`, 'code').say('errCodeWrong', { n: outcome.triesLeft });
  throw new BadRequestError('This code is no longer valid; ask for a new one.', 'code').say('errCodeExpired', { minutes: CODE_MINUTES });
}
