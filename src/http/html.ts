/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** True when the client prefers a page to JSON (a browser following a link or posting a form). */
export function wantsHtml(accept: string | undefined): boolean {
  return !!accept && accept.includes('text/html');
}
