import { BadRequestError } from '../errors/http-errors.js';

/** Cursors are opaque to clients: the id of the last item seen, base64url-encoded. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after: unknown };
    if (Number.isSafeInteger(after) && (after as number) >= 0) return after as number;
  } catch {
    // fall through to the error below
  }
  throw new BadRequestError('cursor is not one this service issued; pass the nextCursor of the previous page.', 'cursor').say('errCursor');
}

/** Rows were fetched with `limit + 1`: the extra row only tells that another page exists. */
export function toPage<T extends { id: number }, U>(rows: T[], limit: number, map: (row: T) => U): { items: U[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
