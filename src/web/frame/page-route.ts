import type { PageAccess } from './web-plugin.js';

/**
 * A page route: no API token at the API layer; `page` says who may open it (see web-plugin.ts).
 * Errors thrown by its handler reach browsers as a page (`html`), like the signed-link pages.
 */
export const pageRoute = (access: PageAccess) => ({ config: { access: 'public' as const, page: access, html: true }, schema: { hide: true } });
