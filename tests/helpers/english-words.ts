/**
 * Finding English left on a Chinese page: every text a person can meet (text, placeholders,
 * labels for screen readers, tooltips), less what people typed (names, titles, addresses),
 * addresses, time-zone names and a short list of words Chinese users read as they are.
 */

/** Run in the page: its texts, skipping anything marked as another language (the "English" switch) and the zone list. */
export const TEXTS_OF_PAGE = `(() => {
  const texts = [];
  const foreign = (el) => { const marked = el.closest('[lang]'); return marked && !marked.lang.startsWith('zh'); };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || foreign(el) || el.closest('select[name=timezone]')) continue;
    if (node.textContent.trim()) texts.push(node.textContent.trim());
  }
  for (const el of document.body.querySelectorAll('[placeholder],[aria-label],[title],[alt]')) {
    if (foreign(el)) continue;
    for (const name of ['placeholder', 'aria-label', 'title', 'alt']) if (el.getAttribute(name)) texts.push(el.getAttribute(name));
  }
  texts.push(document.title);
  return texts;
})()`;

/** Words kept in Latin letters on Chinese pages: the product's name and what the platforms themselves call things. */
const ALLOWED = new Set(['chuanglian', 'csv', 'excel', 'api', 'appid', 'appsecret', 'media_id', 'webhook', 'url', 'json', 'sec', 'id', 'wechat', 'javascript', 'png', 'pdf']);

/** The English words in `texts` once `typed` (people's own strings) are taken out. */
export function englishWords(texts: string[], typed: string[]): string[] {
  const byLength = [...new Set(typed.filter(Boolean))].sort((a, b) => b.length - a.length);
  const found = new Set<string>();
  for (let text of texts) {
    for (const own of byLength) text = text.split(own).join(' ');
    text = text
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/[\w.+-]+@[\w.-]+/g, ' ')
      .replace(/\b[A-Z][a-z]+\/[A-Za-z_]+(\/[A-Za-z_]+)?\b/g, ' '); // Asia/Shanghai
    for (const word of text.match(/[A-Za-z][A-Za-z_'’-]*/g) ?? []) if (!ALLOWED.has(word.toLowerCase())) found.add(word);
  }
  return [...found];
}
