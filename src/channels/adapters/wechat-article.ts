/**
 * Where an article's picture goes in its body: the API process writes this tag, the sender puts
 * the picture's uploaded address there (media/uploadimg: WeChat strips external image addresses
 * from content). Text people typed is escaped, so it can never make this tag.
 */
export const COVER_SLOT = '<img data-cover>';

/** The body with its picture in place. */
export function withPicture(content: string, pictureUrl: string): string {
  const src = pictureUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return content.split(COVER_SLOT).join(`<img src="${src}">`);
}

/** Titles are kept short (about 32 characters, PLATFORMS.md); digests to 120. */
export const TITLE_MAX = 32;
export const DIGEST_MAX = 120;

/** Cuts to `max` characters (code points: a Chinese character or an emoji is one), marking the cut. */
export function cutText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
