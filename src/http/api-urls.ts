/** Addresses for programs rather than people, besides the API under /v1: health checks, metrics, the OpenAPI document. */
const PROGRAM_PATHS = ['/healthz', '/readyz', '/metrics', '/openapi.json'];

/**
 * The API (/v1, its signed-link pages included), its health checks, metrics and document: what
 * answers programs. The security headers give these the API's set (src/http/security-headers.ts);
 * the pages are what is left once the docs, the queue board and the site's files are set apart
 * (src/web/frame/web-plugin.ts).
 */
export function isApiUrl(url: string): boolean {
  if (url.startsWith('/v1')) return true;
  const query = url.indexOf('?');
  return PROGRAM_PATHS.includes(query === -1 ? url : url.slice(0, query));
}
