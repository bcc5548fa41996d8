import type { Principal } from '../../auth/principal.js';
import type { Language } from '../../db/schema.js';

/** The person looking at a page. */
export interface Visitor {
  principal: Principal | null;
  language: Language;
  /** The value forms must send back as `_csrf`. */
  csrf: string;
}
