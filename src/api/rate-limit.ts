/**
 * A per-client limit on writes (spam and abuse), counted in fixed one-minute windows in this process.
 * Over the limit: 429 problem+json with Retry-After. At the edge each isolate counts for itself, which
 * still stops a single client hammering one location.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { problemResponse } from './problem.ts';

export function rateLimit(options: {
  limit: number;
  windowMs?: number;
  clientKey: (c: Context<AppEnv>) => string;
  now?: () => number;
}): MiddlewareHandler<AppEnv> {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const counts = new Map<string, { windowStart: number; count: number }>();
  let lastSweep = now();
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const t = now();
    if (t - lastSweep > windowMs) {
      for (const [key, entry] of counts) if (t - entry.windowStart >= windowMs) counts.delete(key);
      lastSweep = t;
    }
    const key = options.clientKey(c);
    let entry = counts.get(key);
    if (!entry || t - entry.windowStart >= windowMs) {
      entry = { windowStart: t, count: 0 };
      counts.set(key, entry);
    }
    entry.count++;
    if (entry.count > options.limit) {
      const retryAfter = Math.max(1, Math.ceil((entry.windowStart + windowMs - t) / 1000));
      const headers = { 'retry-after': String(retryAfter) };
      if (new URL(c.req.url).pathname.startsWith('/api/')) {
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
