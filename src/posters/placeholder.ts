/**
 * What a request for a picture not drawn yet gets (with 202 and Retry-After): a transparent 1×1
 * PNG, made once from its bytes, so an <img> shows nothing broken while the drawing job works.
 */
export const NOT_DRAWN_YET = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
