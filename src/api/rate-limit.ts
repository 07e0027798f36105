/**
 * Per-client limits on writes (spam and abuse), counted in fixed windows in this process. Each kind of
 * traffic has its own bucket per client address, so organisers at work do not use up the public's allowance
 * (or the other way round) and a provider's webhooks do neither:
 *  - public: form posts and API writes of the public site;
 *  - signedIn: organisers' pages and API (/admin, /api/admin), apart from asking for a sign-in link;
 *  - webhook: delivery reports (/api/webhooks);
 *  - signIn: asking for a sign-in link, once per cooldown per client address.
 * Over the limit: 429 problem+json with Retry-After, or a page in Swedish and English for a form. At the edge
 * each isolate counts for itself, which still stops a single client hammering one location.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { problemResponse } from './problem.ts';

export type Bucket = 'public' | 'signedIn' | 'webhook' | 'signIn';

/** The bucket a write belongs to, by its path. */
export function bucketOf(method: string, pathname: string): Bucket {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path.startsWith('/api/webhooks/')) return 'webhook';
  // Asking for a sign-in link: the API's door and the sign-in form on /admin (posted while signed out).
  if (method === 'POST' && (path === '/api/admin/login' || path === '/admin')) return 'signIn';
  if (path === '/admin' || path.startsWith('/admin/') || path.startsWith('/api/admin/')) return 'signedIn';
  return 'public';
}

export interface RateLimitOptions {
  /** Requests per window for each bucket; a window of 0 turns a bucket's limit off. */
  limits: Record<Bucket, { limit: number; windowMs: number }>;
  clientKey: (c: Context<AppEnv>) => string;
  now?: () => number;
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const now = options.now ?? Date.now;
  const counts = new Map<string, { windowStart: number; count: number; windowMs: number }>();
  const longestWindow = Math.max(...Object.values(options.limits).map((l) => l.windowMs));
  let lastSweep = now();
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const t = now();
    if (t - lastSweep > longestWindow) {
      for (const [key, entry] of counts) if (t - entry.windowStart >= entry.windowMs) counts.delete(key);
      lastSweep = t;
    }
    const pathname = new URL(c.req.url).pathname;
    // By path only: a cookie or header that anyone can make up must not move a request to another bucket.
    const bucket = bucketOf(c.req.method, pathname);
    const { limit, windowMs } = options.limits[bucket];
    if (windowMs <= 0) return next();
    const key = `${bucket}:${options.clientKey(c)}`;
    let entry = counts.get(key);
    if (!entry || t - entry.windowStart >= entry.windowMs) {
      entry = { windowStart: t, count: 0, windowMs };
      counts.set(key, entry);
    }
    entry.count++;
    if (entry.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((entry.windowStart + windowMs - t) / 1000));
      const headers = { 'retry-after': String(retryAfter) };
      if (pathname.startsWith('/api/')) {
        return problemResponse({ code: 'rate_limited', detail: `try again in ${retryAfter} s` }, headers);
      }
      // A person posting a form gets a page in both languages, with the way back.
      return new Response(limitedPage(retryAfter), { status: 429, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
    }
    return next();
  };
}

function limitedPage(seconds: number): string {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>För många försök – Mötesdagen</title></head><body><main>
<h1>För många försök</h1><p>Du har skickat många formulär på kort tid. Vänta ${seconds} sekunder, gå tillbaka och försök igen. Det du har skrivit finns kvar i formuläret.</p>
<p lang="en">Too many attempts in a short time. Please wait ${seconds} seconds, go back and try again.</p>
<p><a href="/">Till startsidan</a></p></main></body></html>`;
}
