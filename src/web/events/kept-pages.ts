import type { Visitor } from '../frame/visitor.js';

/**
 * Public pages kept as markup, per app (so per database) and address, with a key naming every
 * version of what they show (src/web/events/event-pages.ts builds it from the event's and venue's
 * view versions, its seats, its pictures' version, its organizers' names, the notice version and
 * the language). While nothing is written (the database's write stamp) a kept page is sent as it
 * is; after a write its key is read again and the page drawn again only if it changed. Only pages
 * for visitors who are not signed in are kept; their one personal part, the CSRF token of the
 * forms, is kept as a slot and filled in for each visitor.
 */
const CSRF_SLOT = 'csrf-slot-7f3a9c1e';
/** At most this much markup is kept (UTF-16, two bytes a character): the API's resident set has a budget (< 200 MB). */
const MAX_BYTES = 4 * 1024 * 1024;

interface KeptPage {
  /** What the page shows, named (the versions key). */
  key: string;
  /** The database's write stamp when the key was last found current. */
  stamp: string;
  /** When the page must be looked at again whatever the stamp (registering closes at the event's end). */
  checkAfter: number;
  /** The markup cut at its token slots, so a visitor's page is one join rather than a search of the whole page. */
  around: string[];
  /** What the markup takes (UTF-16, two bytes a character), counted against MAX_BYTES. */
  bytes: number;
}

export class KeptPages {
  private readonly pages = new Map<string, KeptPage>();
  private bytes = 0;

  /** The visitor the page is drawn for when it is to be kept: their CSRF token is a slot. */
  static anonymous(visitor: Visitor): Visitor {
    return { ...visitor, csrf: CSRF_SLOT };
  }

  /**
   * The page kept at `address` for this visitor (their token filled in), if it still shows what
   * it showed: nothing was written since it was last found current (`stamp`), or its versions key
   * (`currentKey()`, read only then) is still the same. Undefined when it must be drawn again.
   */
  get(address: string, stamp: string, now: number, currentKey: () => string | undefined, visitor: Visitor): string | undefined {
    const kept = this.pages.get(address);
    if (!kept) return undefined;
    if (kept.stamp !== stamp || now >= kept.checkAfter) {
      if (currentKey() !== kept.key) return undefined;
      kept.stamp = stamp;
    }
    return kept.around.join(visitor.csrf);
  }

  /** Keeps a page drawn for `KeptPages.anonymous(visitor)`; returns it with this visitor's token. */
  keep(address: string, page: Omit<KeptPage, 'around' | 'bytes'>, markup: string, visitor: Visitor): string {
    const before = this.pages.get(address);
    if (before) {
      this.bytes -= before.bytes;
      this.pages.delete(address);
    }
    const bytes = markup.length * 2;
    // The oldest kept pages go first.
    for (const [oldest, kept] of this.pages) {
      if (this.bytes + bytes <= MAX_BYTES) break;
      this.bytes -= kept.bytes;
      this.pages.delete(oldest);
    }
    // Only the pieces are kept: keeping the markup beside them held each page twice.
    const around = markup.split(CSRF_SLOT);
    this.pages.set(address, { ...page, around, bytes });
    this.bytes += bytes;
    return around.join(visitor.csrf);
  }
}
