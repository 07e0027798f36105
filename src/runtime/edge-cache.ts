/**
 * Shared reads at the edge from the Workers Cache API (`caches.default`), so the busiest answers (the
 * public event page and `GET /api/events/{slug}`, chosen in src/api/page-cache.ts) cost no D1 query.
 *
 * Versioned, not purged entry by entry: the cache holds one generation value per origin, and every answer
 * is stored under its path plus the generation it was read in. Every write through the Worker (any request
 * but GET, HEAD or OPTIONS) puts a new generation before its response goes out, so in this location (the
 * Cache API is per data centre, shared by its isolates) the next read after a write never sees an answer
 * from before it. Another location learns of nothing: there an answer is at most `SHARED_READ_MAX_AGE_S`
 * old, which is also the bound for what changes with the clock alone (registration opening and closing)
 * and for writes made outside the Worker. An answer read before a write but stored after it is stored under
 * the old generation, which nobody reads any more.
 *
 * A hit costs two cache lookups (generation, answer). Nothing awaits another request's promise: every
 * lookup and put is this request's own. When the Cache API fails or is absent (workers.dev without a zone
 * caches nothing), the request is simply answered by the app.
 */
import { SHARED_READ_MAX_AGE_S, sharedRead } from '../api/page-cache.ts';

/** The part of the Workers Cache API used here. */
export interface CacheLike {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

const GENERATION_PATH = '/__motesdagen/cache-generation';
/** Kept a day; should it be evicted, answers stored under an older generation are expired within max-age anyway. */
const GENERATION_MAX_AGE_S = 86_400;
const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Our own record of the app's cache-control, restored on a hit (the stored copy carries the edge's max-age). */
const APP_CACHE_CONTROL = 'x-motesdagen-cache-control';

export function edgeReadCache(cache: CacheLike, maxAgeS = SHARED_READ_MAX_AGE_S) {
  const generationKey = (origin: string) => new Request(`${origin}${GENERATION_PATH}`);

  async function generation(origin: string): Promise<string> {
    const stored = await cache.match(generationKey(origin));
    return stored ? await stored.text() : '0';
  }

  async function advance(origin: string): Promise<void> {
    await cache.put(
      generationKey(origin),
      new Response(crypto.randomUUID(), { headers: { 'cache-control': `public, max-age=${GENERATION_MAX_AGE_S}` } }),
    );
  }

  function storable(response: Response): Response {
    const headers = new Headers(response.headers);
    const own = headers.get('cache-control');
    if (own) headers.set(APP_CACHE_CONTROL, own);
    headers.set('cache-control', `public, max-age=${maxAgeS}`);
    return new Response(response.body, { status: response.status, headers });
  }

  function served(stored: Response): Response {
    const headers = new Headers(stored.headers);
    const own = headers.get(APP_CACHE_CONTROL);
    headers.delete(APP_CACHE_CONTROL);
    headers.delete('cf-cache-status');
    if (own) headers.set('cache-control', own);
    else headers.delete('cache-control');
    headers.set('x-edge-cache', 'hit');
    return new Response(stored.body, { status: stored.status, headers });
  }

  return {
    /** Answers `request` from the cache when it is a shared read stored in this generation, else through `app`. */
    async serve(request: Request, ctx: WaitUntil, app: () => Promise<Response>): Promise<Response> {
      const url = new URL(request.url);
      const read = sharedRead(request.method, request.url);
      if (!read) {
        const response = await app();
        if (!READ_ONLY.has(request.method)) {
          // Before the answer leaves: the writer's next read must not find the world before its write.
          await advance(url.origin).catch((error: unknown) => console.error('edge cache: could not advance the generation', error));
        }
        return response;
      }
      let key: Request;
      try {
        key = new Request(`${url.origin}${read.key}?generation=${encodeURIComponent(await generation(url.origin))}`);
        const hit = await cache.match(key);
        if (hit) return served(hit);
      } catch (error) {
        console.error('edge cache: lookup failed', error);
        return app();
      }
      const response = await app();
      if (response.status === 200 && !response.headers.has('set-cookie')) {
        ctx.waitUntil(cache.put(key, storable(response.clone())).catch(() => undefined));
      }
      return response;
    },
  };
}
