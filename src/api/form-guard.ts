/**
 * Pages take form posts only: `application/x-www-form-urlencoded` or `multipart/form-data` that can be read.
 * Anything else sent to a page (JSON, a multipart type without its boundary, a broken multipart body, text…)
 * is answered here with a short page in Swedish and English, instead of reaching a page whose formData() throws.
 * Runs after the body limit, so the body is in memory and reading it twice costs little.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

const bodyless = new Set(['GET', 'HEAD', 'OPTIONS']);

function formType(contentType: string | undefined): 'urlencoded' | 'multipart' | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (type === 'multipart/form-data') return 'multipart';
  return undefined;
}

export function formGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (bodyless.has(c.req.method)) return next();
    const pathname = new URL(c.req.url).pathname;
    if (pathname === '/api' || pathname.startsWith('/api/')) return next();
    const type = formType(c.req.header('content-type'));
    if (!type) return formProblem(415);
    try {
      await c.req.raw.clone().formData();
    } catch {
      return formProblem(400);
    }
    return next();
  };
}

function formProblem(status: 400 | 415): Response {
  const body = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Formuläret kunde inte läsas – Mötesdagen</title></head><body><main>
<h1>Formuläret kunde inte läsas</h1><p>Det som skickades var inte ett formulär från webbplatsen. Gå tillbaka, ladda om sidan och försök igen.</p>
<p lang="en">What was sent is not a form from this site. Please go back, reload the page and try again.</p>
<p><a href="/">Till startsidan</a></p></main></body></html>`;
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
