/**
 * The Unified Social Credit Code of an organization (统一社会信用代码, GB 32100-2015): 18 characters
 * from 0–9 and the capital letters without I, O, Z, S and V; characters 3–8 are the registering
 * authority's administrative division code (digits); the 18th is a check character: with the
 * weights 3^(i) mod 31 below, 31 minus (Σ value × weight mod 31), 31 counting as 0.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem =
  | { problem: 'length'; length: number }
  | { problem: 'character'; position: number; character: string }
  | { problem: 'division'; position: number; character: string }
  | { problem: 'check'; expected: string; character: string };

/** Null when the code is well-formed; else what is wrong and where (positions count from 1). */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const chars = Array.from(code);
  if (chars.length !== 18) return { problem: 'length', length: chars.length };
  for (const [i, c] of chars.entries()) {
    if (!ALPHABET.includes(c)) return { problem: 'character', position: i + 1, character: c };
    if (i >= 2 && i <= 7 && !/[0-9]/.test(c)) return { problem: 'division', position: i + 1, character: c };
  }
  const sum = chars.slice(0, 17).reduce((total, c, i) => total + ALPHABET.indexOf(c) * WEIGHTS[i]!, 0);
  const expected = ALPHABET[(31 - (sum % 31)) % 31]!;
  return chars[17] === expected ? null : { problem: 'check', expected, character: chars[17]! };
}
