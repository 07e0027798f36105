/**
 * Which pages the Node server may answer from memory (src/domain/fresh-cache.ts): the public pages that
 * are the same for every visitor until the data changes. Not the registration form (it carries a fresh
 * idempotency key per view), nothing with a query string, nothing behind a token or a session.
 */
import type { Context } from 'hono';

const SAME_FOR_EVERYONE = new Set(['/', '/en', '/en/', '/integritet', '/en/integritet']);

/** The cache key for this request's page, or undefined when it must be rendered for this visitor. */
export function sharedPageKey(c: Context): string | undefined {
  if (c.req.method !== 'GET') return undefined;
  const url = new URL(c.req.url);
  if (url.search || !SAME_FOR_EVERYONE.has(url.pathname)) return undefined;
  return `page:${url.pathname}`;
}
