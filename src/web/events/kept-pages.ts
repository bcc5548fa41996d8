import type { Visitor } from '../frame/visitor.js';

/**
 * Public pages kept as markup, per app (so per database), by a key naming every version of what
 * they show (src/web/events/event-pages.ts builds it from the event's and venue's view versions,
 * its seats, its pictures' version, its organizers' names, the notice version, the language and
 * the address). Only pages for visitors who are not signed in are kept; their one personal part,
 * the CSRF token of the forms, is kept as a slot and filled in for each visitor.
 */
const CSRF_SLOT = 'csrf-slot-7f3a9c1e';
const MAX_KEPT = 5_000;

export class KeptPages {
  private readonly pages = new Map<string, string>();

  /** The visitor the page is drawn for when it is to be kept: their CSRF token is a slot. */
  static anonymous(visitor: Visitor): Visitor {
    return { ...visitor, csrf: CSRF_SLOT };
  }

  /** The kept page for `key`, with this visitor's token, or undefined. */
  get(key: string, visitor: Visitor): string | undefined {
    const markup = this.pages.get(key);
    return markup === undefined ? undefined : markup.replaceAll(CSRF_SLOT, visitor.csrf);
  }

  /** Keeps a page drawn for `KeptPages.anonymous(visitor)`; returns it with this visitor's token. */
  keep(key: string, markup: string, visitor: Visitor): string {
    if (this.pages.size >= MAX_KEPT) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, markup);
    return markup.replaceAll(CSRF_SLOT, visitor.csrf);
  }
}
