import type { App } from '../../src/app.js';
import { startSession } from '../../src/web/frame/web-session.js';

type Reply = Awaited<ReturnType<App['inject']>>;

/**
 * A browser of sorts for `inject` tests: keeps cookies, reads the CSRF field of the last page,
 * speaks English unless told otherwise. `as(memberId)` signs it in by opening a session directly.
 */
export function browser(app: App) {
  const jar = new Map<string, string>();
  let csrf = '';
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Reply) => {
    for (const c of res.cookies as Array<{ name: string; value: string }>) {
      if (c.value === '') jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    const field = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (field) csrf = field;
    return res;
  };
  const self = {
    jar,
    get csrf() {
      return csrf;
    },
    as(memberId: number) {
      jar.set('cl_session', startSession(app.db, memberId));
      return self;
    },
    get: async (url: string, headers: Record<string, string> = {}) => remember(await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(), accept: 'text/html', 'accept-language': 'en', ...headers } })),
    /** Posts a form; the CSRF field of the last page goes with it unless `withCsrf` is false. */
    post: async (url: string, form: Record<string, string | string[]> = {}, withCsrf = true) => {
      const body = new URLSearchParams(withCsrf ? { _csrf: csrf } : {});
      for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
      return remember(
        await app.inject({ method: 'POST', url, headers: { cookie: cookieHeader(), accept: 'text/html', 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() }),
      );
    },
    /** Follows a post/redirect/get answer (303) to the page it sends the browser to, as a browser does. */
    follow: async (res: Reply) => {
      if (res.statusCode !== 303) throw new Error(`expected a 303 to follow, got ${res.statusCode}: ${res.body.slice(0, 200)}`);
      return self.get(res.headers.location as string);
    },
  };
  return self;
}

/** The visible text of a page, tags removed and whitespace squeezed, for `toContain`. */
export function textOf(res: Reply): string {
  return res.body.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}
