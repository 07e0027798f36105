/**
 * Request-body limits, one per door. A body over its door's limit is refused before the request reaches a route
 * or a page: at once when Content-Length says so, otherwise while it streams in (nothing past the limit is
 * kept). The API answers 413 problem+json; a form post gets a short page in Swedish and English that never shows
 * what was sent. A body within its limit is kept in memory and handed on unchanged.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { problemResponse } from './problem.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** The doors and their limits in bytes (README, "Security"). */
export const bodyLimits = {
  /** Resend's delivery reports: a few hundred bytes each. */
  webhook: 64 * KiB,
  /** Host lists as CSV, through the API or the import page: the page takes files up to 1 MB. */
  csvImport: 4 * MiB,
  /** The public JSON API (registrations, manage links) and the public forms. */
  publicApi: 128 * KiB,
  publicForm: 128 * KiB,
  /** Organisers' API and forms: a saved visit plan travels as one field. */
  adminApi: 1 * MiB,
  adminForm: 1 * MiB,
} as const;

export type BodyDoor = keyof typeof bodyLimits;

/** Which door a request with a body comes through. */
export function bodyDoor(pathname: string): BodyDoor {
  if (pathname.startsWith('/api/webhooks/')) return 'webhook';
  if (/^\/api\/admin\/events\/[^/]+\/hosts\/import\/?$/.test(pathname)) return 'csvImport';
  if (/^\/admin\/events\/[^/]+\/vardar\/import\/?$/.test(pathname)) return 'csvImport';
  if (pathname.startsWith('/api/admin')) return 'adminApi';
  if (pathname.startsWith('/api/')) return 'publicApi';
  if (pathname.startsWith('/admin')) return 'adminForm';
  return 'publicForm';
}

const isApi = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');

function tooLarge(c: Context<AppEnv>, door: BodyDoor): Response {
  const limit = bodyLimits[door];
  // The client may still be sending. The connection is not cut: a reset would destroy this answer before the
  // client reads it. The server discards the rest of the body unread instead (Node dumps it; so does workerd).
  const headers = {};
  if (isApi(new URL(c.req.url).pathname)) {
    return problemResponse({ code: 'payload_too_large', detail: `the body may be at most ${limit} bytes` }, headers);
  }
  return new Response(tooLargePage(limit), { status: 413, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}

function tooLargePage(limit: number): string {
  const size = limit >= MiB ? `${limit / MiB} MB` : `${limit / KiB} kB`;
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>För mycket text – Mötesdagen</title></head><body><main>
<h1>Formuläret är för stort</h1><p>Det du skickade är större än ${size}, mer än formuläret tar emot. Gå tillbaka, korta texten eller välj en mindre fil och försök igen.</p>
<p lang="en">What you sent is larger than ${size}, more than this form accepts. Please go back, shorten the text or choose a smaller file and try again.</p>
<p><a href="/">Till startsidan</a></p></main></body></html>`;
}

export function bodyLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const door = bodyDoor(new URL(c.req.url).pathname);
    const limit = bodyLimits[door];
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      const length = Number(declared);
      if (Number.isFinite(length) && length > limit) return tooLarge(c, door);
    }
    const body = c.req.raw.body;
    if (!body) return next();
    // Read here, counting: a chunked body has no length to check in advance, and a declared one may be wrong.
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        // Not cancel(): that destroys the socket on Node, and the client would never see the answer.
        reader.releaseLock();
        return tooLarge(c, door);
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: bytes });
    c.set('bufferedBody', bytes);
    return next();
  };
}
