/**
 * The front door on both runtimes: one Hono app that answers /api/* itself, serves static assets and hands
 * every other request to Astro. Only the asset server and the page renderer differ per runtime; they are
 * injected, like the services. (DESIGN.md: the API must not pass through Astro's Node pipeline.)
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { isLocalRequest } from '../domain/mailbox.ts';
import type { Services } from '../domain/services.ts';
import { adminAuth } from './admin-auth.ts';
import { bodyLimit } from './body-limit.ts';
import { clientAddress } from './client-address.ts';
import type { AppEnv } from './env.ts';
import { formGuard } from './form-guard.ts';
import { buildOpenApiDocument, describe } from './openapi.ts';
import { problemResponse } from './problem.ts';
import { rateLimit } from './rate-limit.ts';
import { adminPublicRouter, adminRouter } from './routes/admin/index.ts';
import { eventsRouter } from './routes/events.ts';
import { feedsRouter } from './routes/feeds.ts';
import { healthRouter } from './routes/health.ts';
import { registrationsRouter } from './routes/registrations.ts';
import { createWebhooksRouter } from './routes/webhooks.ts';
import { securityHeaders } from './security-headers.ts';

/** What Astro pages find in `Astro.locals`, set once per request by the front door. */
export interface PageLocals {
  services: Services;
  /** The development pages (mailbox, email previews) answer only when this is true: see isLocalRequest. */
  devPagesAllowed: boolean;
}

export interface FrontDoorParts {
  services: Services;
  /** Answers requests for built static files, or calls next(). */
  assets: MiddlewareHandler;
  /** The address the request arrived from: the socket's on Node, CF-Connecting-IP at the edge. */
  peerAddress: (c: Context<AppEnv>) => string;
  /**
   * Renders an Astro page (or Astro's 404) for the request. `headers` must be on the page's response; a
   * renderer that writes to the socket itself (Node) sets them there, since Hono never sees that response.
   */
  renderPage: (c: Context<AppEnv>, locals: PageLocals, headers: Record<string, string>) => Promise<Response>;
}

export function createApp(parts: FrontDoorParts) {
  const app = new Hono<AppEnv>();

  const headers = securityHeaders(parts.services.config.publicUrl);
  const privateHeaders = { ...headers, 'cache-control': 'no-store' };
  app.use(async (c, next) => {
    c.set('services', parts.services);
    await next();
    // A page may have chosen a stricter value (the manage page's no-referrer): keep it.
    for (const [name, value] of Object.entries(headers)) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    if (showsPersonalData(c.req.method, new URL(c.req.url).pathname)) c.res.headers.set('cache-control', 'no-store');
  });

  // Writes from one client are limited (spam), on the API and on the pages' form posts alike, in separate
  // buckets for the public, organisers, webhooks and sign-in link requests.
  const { config } = parts.services;
  const client = (c: Context<AppEnv>) => clientAddress(parts.peerAddress(c), c.req.header('x-forwarded-for'), config.trustedProxies);
  app.use(
    rateLimit({
      limits: {
        public: { limit: config.writesPerMinute, windowMs: 60_000 },
        signedIn: { limit: config.signedInWritesPerMinute, windowMs: 60_000 },
        webhook: { limit: config.webhooksPerMinute, windowMs: 60_000 },
        signIn: { limit: 1, windowMs: config.signInCooldownSeconds * 1000 },
      },
      clientKey: client,
    }),
  );
  // Bodies are measured before anything reads them, with a limit per door (API, forms, CSV import, webhook).
  app.use(bodyLimit());
  // Pages read form posts only; anything else is answered before it reaches a page.
  app.use(formGuard());

  const api = new Hono<AppEnv>();
  api.route('/health', healthRouter);
  // The organisers' API: asking for a sign-in link is anonymous, everything else needs a session or a token.
  api.route('/admin', adminPublicRouter);
  api.use('/admin/*', adminAuth());
  api.route('/admin', adminRouter);
  api.route('/events', eventsRouter);
  api.route('/', registrationsRouter);
  api.route('/', feedsRouter);
  api.route(
    '/webhooks',
    createWebhooksRouter((c) => c.var.services.webhooks),
  );

  let openApiDocument: Record<string, unknown> | undefined;
  api.get(
    '/openapi.json',
    describe({
      summary: 'This OpenAPI 3.1 document',
      tags: ['system'],
      responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
    }),
    (c) => {
      // Built on first use, from the routes as registered: nothing to keep in step by hand.
      openApiDocument ??= buildOpenApiDocument(app, {
        title: 'Mötesdagen API',
        version: '1',
        description: 'Registration and visit booking for business dialogue days.',
      });
      return c.json(openApiDocument);
    },
  );
  // Unknown API paths answer in JSON, never with the site's HTML 404 page.
  api.all('*', () => problemResponse({ code: 'not_found' }));
  app.route('/api', api);

  app.use(parts.assets);
  app.all('*', (c) =>
    parts.renderPage(
      c,
      {
        services: c.var.services,
        // The mailbox shows sign-in links: only to someone at this machine, and only while it is on.
        devPagesAllowed: c.var.services.mailbox.enabled && isLocalRequest(c.req, parts.peerAddress(c)),
      },
      showsPersonalData(c.req.method, new URL(c.req.url).pathname) ? privateHeaders : headers,
    ),
  );

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      // Malformed JSON and similar client mistakes reported by Hono itself.
      return problemResponse({
        code: error.status === 401 ? 'unauthorized' : 'malformed_request',
        detail: error.message,
        fieldErrors: [{ path: '(body)', code: 'malformed', message: error.message }],
      });
    }
    // The route pattern, not the URL: URLs may carry secret tokens, which never reach a log line.
    console.error(`unhandled error on ${c.req.method} ${c.req.routePath}`, error);
    return problemResponse({ code: 'internal_error' });
  });

  return app;
}

export type App = ReturnType<typeof createApp>;

/**
 * Answers that show personal data or carry a secret link, which no browser or shared cache may keep
 * (Cache-Control: no-store): the manage link's API and pages, the confirmation link's API and pages (they lead to
 * the manage link), a new registration's answer, a registration form sent back with its errors, host pages, organisers' pages and API, the development pages.
 */
export function showsPersonalData(method: string, pathname: string): boolean {
  return (
    pathname.startsWith('/api/registrations/') ||
    pathname.startsWith('/api/confirmations/') ||
    /^\/(en\/)?bekrafta\//.test(pathname) ||
    pathname.startsWith('/api/admin/') ||
    pathname === '/admin' ||
    pathname.startsWith('/admin/') ||
    /^\/(en\/)?hantera\//.test(pathname) ||
    pathname.startsWith('/vard/') ||
    pathname.startsWith('/dev/') ||
    (method !== 'GET' &&
      method !== 'HEAD' &&
      (/^\/api\/events\/[^/]+\/registrations\/?$/.test(pathname) || /^\/(en\/)?anmalan\//.test(pathname)))
  );
}
