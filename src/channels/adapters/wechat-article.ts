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
