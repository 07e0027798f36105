/**
 * Every /api/admin route, listed from the OpenAPI document (so a new route is covered the day it is added),
 * refuses anonymous callers, expired/idle/revoked sessions and expired/revoked API tokens with 401, and
 * refuses the wrong role with 403: an `organiser` on admin-only routes, an organiser not assigned to the
 * event on event-scoped routes (`{slug}` in the path). An admin passes everywhere (the control).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, accessFixtures as fx } from '../support/app.ts';

/** Anonymous by design: asking for a sign-in link. */
const PUBLIC_ROUTES = new Set(['post /api/admin/login']);
/** Admins only. Event-scoped routes are recognised by `{slug}` in their path. */
const ADMIN_ONLY = new Set(['get /api/admin/organisers', 'post /api/admin/organisers']);
const ORIGIN = 'http://localhost:4321';
const HOUR = 3_600_000;

let harness: Awaited<ReturnType<typeof createTestApp>>;
let routes: { method: string; path: string; security: unknown }[] = [];
let demoSlug = '';
const callers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  harness = await createTestApp();
  const sqlite = harness.deps.sqlite;
  demoSlug = (sqlite.prepare("SELECT slug FROM events WHERE slug LIKE 'stora-motesdagen-%'").get() as { slug: string }).slug;
  const document = (await (await harness.app.request('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, { security?: unknown }>>;
  };
  routes = Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/admin/'))
    .flatMap(([path, operations]) => Object.entries(operations).map(([method, op]) => ({ method, path, security: op.security })));

  const now = Date.now();
  const admin = fx.organiser(sqlite, { email: 'routes-admin@norrvik.example', role: 'admin' });
  const outsider = fx.organiser(sqlite, { email: 'routes-outsider@norrvik.example', role: 'organiser' });
  const cookie = (token: string) => ({ cookie: `motesdagen_session=${token}`, origin: ORIGIN });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  callers.anonymous = {};
  callers['expired session (7 days)'] = cookie(await fx.session(sqlite, admin, { expiresAt: new Date(now - 1000).toISOString() }));
  callers['idle session (8 hours)'] = cookie(
    await fx.session(sqlite, admin, { lastSeenAt: new Date(now - 8 * HOUR - 1000).toISOString() }),
  );
  callers['revoked session'] = cookie(await fx.session(sqlite, admin, { revokedAt: new Date(now).toISOString() }));
  callers['expired API token'] = bearer(await fx.apiToken(sqlite, admin, { expiresAt: new Date(now - 1000).toISOString() }));
  callers['revoked API token'] = bearer(await fx.apiToken(sqlite, admin, { revokedAt: new Date(now).toISOString() }));
  callers['garbage Bearer'] = bearer('mdg_not-a-token');
  callers['wrong role (session)'] = cookie(await fx.session(sqlite, outsider));
  callers['wrong role (API token)'] = bearer(await fx.apiToken(sqlite, outsider));
  callers['admin (session)'] = cookie(await fx.session(sqlite, admin));
  callers['admin (API token)'] = bearer(await fx.apiToken(sqlite, admin));
});
afterAll(async () => {
  await harness?.close();
});

function call(route: { method: string; path: string }, headers: Record<string, string>) {
  const url = route.path.replace('{slug}', demoSlug).replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
  const hasBody = !['get', 'head', 'delete'].includes(route.method);
  return harness.app.request(url, {
    method: route.method.toUpperCase(),
    headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    body: hasBody ? '{}' : undefined,
  });
}

const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const needsRole = (route: { method: string; path: string }) => ADMIN_ONLY.has(key(route)) || route.path.includes('{slug}');

describe('every /api/admin route', () => {
  it('is listed in the OpenAPI document with its security scheme', () => {
    const listed = routes.map(key);
    for (const expected of ['get /api/admin/me', 'get /api/admin/events', 'get /api/admin/tokens', 'post /api/admin/tokens']) {
      expect(listed).toContain(expected);
    }
    expect(listed).toContain('delete /api/admin/tokens/{id}');
    for (const route of routes.filter((r) => !PUBLIC_ROUTES.has(key(r)))) {
      expect(route.security, key(route)).toEqual([{ bearerToken: [] }]);
    }
    // Every admin-only route named here exists (a renamed route must not silently drop out of the check).
    for (const name of ADMIN_ONLY) expect(listed).toContain(name);
  });

  for (const who of [
    'anonymous',
    'expired session (7 days)',
    'idle session (8 hours)',
    'revoked session',
    'expired API token',
    'revoked API token',
    'garbage Bearer',
  ]) {
    it(`refuses ${who} with 401`, async () => {
      const protectedRoutes = routes.filter((r) => !PUBLIC_ROUTES.has(key(r)));
      expect(protectedRoutes.length).toBeGreaterThanOrEqual(7);
      for (const route of protectedRoutes) {
        const response = await call(route, callers[who] ?? {});
        expect(response.status, `${key(route)} as ${who}`).toBe(401);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
    });
  }

  for (const who of ['wrong role (session)', 'wrong role (API token)']) {
    it(`refuses ${who} with 403 on admin-only and other events' routes, and lets it through elsewhere`, async () => {
      for (const route of routes.filter((r) => !PUBLIC_ROUTES.has(key(r)))) {
        const response = await call(route, callers[who] ?? {});
        if (needsRole(route)) expect(response.status, `${key(route)} as ${who}`).toBe(403);
        else expect([401, 403], `${key(route)} as ${who}`).not.toContain(response.status);
      }
    });
  }

  it('lets an admin through everywhere (the control)', async () => {
    for (const who of ['admin (session)', 'admin (API token)']) {
      for (const route of routes) {
        const response = await call(route, callers[who] ?? {});
        expect([401, 403], `${key(route)} as ${who}`).not.toContain(response.status);
      }
    }
  });
});
