/**
 * Which answers are the same for every visitor until the data changes, and so may be served from a cache:
 * the public pages (home, each event's program and privacy notice) and the public event API. Not the registration form (it
 * carries a fresh idempotency key per view), nothing with a query string, nothing behind a token or a
 * session, nothing but GET. The one place this is decided, for both runtimes:
 *
 *  - Node answers the pages from memory (src/runtime/node.ts) and the event API from its serialised bytes
 *    (src/api/routes/events.ts), both through src/domain/fresh-cache.ts, which SQLite's data version keeps
 *    exact;
 *  - the edge answers all of them from the Workers Cache API without a D1 query (src/runtime/edge-cache.ts),
 *    purged by every write in the same location and at most `SHARED_READ_MAX_AGE_S` stale elsewhere.
 */
import type { Context } from 'hono';

const SAME_FOR_EVERYONE = new Set(['/', '/en', '/en/', '/integritet', '/en/integritet']);
/** Each event's program page and its organiser's privacy notice, in both languages. */
const EVENT_PAGE = /^(?:\/en)?\/(?:evenemang|integritet)\/[a-z0-9][a-z0-9-]{0,79}$/;
const EVENT_API = /^\/api\/events\/[a-z0-9][a-z0-9-]{0,79}$/;

/** How long the edge may serve a shared answer that a write in another location has made stale. */
export const SHARED_READ_MAX_AGE_S = 5;

export interface SharedRead {
  /** The cache key: the path. */
  key: string;
  kind: 'page' | 'api';
}

/** Whether this request's answer is the same for everyone; undefined when it must be made for this visitor. */
export function sharedRead(method: string, url: string): SharedRead | undefined {
  if (method !== 'GET') return undefined;
  const { pathname, search } = new URL(url);
  if (search) return undefined;
  if (SAME_FOR_EVERYONE.has(pathname) || EVENT_PAGE.test(pathname)) return { key: pathname, kind: 'page' };
  if (EVENT_API.test(pathname)) return { key: pathname, kind: 'api' };
  return undefined;
}

/** The memory-cache key for this request's page (Node), or undefined when it must be rendered for this visitor. */
export function sharedPageKey(c: Context): string | undefined {
  const read = sharedRead(c.req.method, c.req.url);
  return read?.kind === 'page' ? `page:${read.key}` : undefined;
}
