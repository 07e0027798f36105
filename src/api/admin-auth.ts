/**
 * Authentication and authorization for /api/admin/*: one middleware that accepts an API token
 * (`Authorization: Bearer …`) or the browser session cookie, and small guards for routes that need more.
 *
 *   router.post('/events/:slug/things', describe(…), requireEventAccess(), validate('json', …), handler)
 *
 * Put the guards before `validate`, so a caller without access learns nothing from validation errors.
 */
import type { MiddlewareHandler } from 'hono';
import { allowedOrigins, isSameOriginRequest } from '../domain/access/origin.ts';
import { type Actor, canManageOrganisers } from '../domain/access/policy.ts';
import { bearerToken, type ManagedEvent, sessionTokenFromCookieHeader } from '../domain/access/service.ts';
import type { AppEnv } from './env.ts';
import { problemResponse } from './problem.ts';

/** Hono typing for routers behind `adminAuth`: `c.var.actor` is set, `c.var.event` after `requireEventAccess`. */
export interface AdminEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { actor: Actor; event: ManagedEvent };
}

const unauthorized = (detail: string) =>
  problemResponse({ code: 'unauthorized', detail }, { 'www-authenticate': 'Bearer realm="motesdagen-admin"', 'cache-control': 'no-store' });

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every request: a Bearer token wins when present (and must be valid); otherwise the session
 * cookie, and then writes must come from the site's own origin (a cookie is sent on cross-site requests too).
 */
export function adminAuth(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const access = c.var.services.access;
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const actor = await access.authenticateApiToken(bearerToken(authorization));
      if (!actor) return unauthorized('invalid, expired or revoked API token');
      c.set('actor', actor);
    } else {
      const actor = await access.authenticateSession(sessionTokenFromCookieHeader(c.req.header('cookie')));
      if (!actor) return unauthorized('sign in or send an API token');
      if (!safeMethods.has(c.req.method)) {
        const origins = allowedOrigins(c.var.services.config.publicUrl, c.req.url);
        if (!isSameOriginRequest(c.req.raw.headers, origins, { requireEvidence: true })) {
          return problemResponse({ code: 'forbidden', detail: 'cross-site request refused' });
        }
      }
      c.set('actor', actor);
    }
    c.header('cache-control', 'no-store');
    await next();
  };
}

/** Only admins pass (managing organisers and other site-wide settings). */
export const requireAdmin: MiddlewareHandler<AdminEnv> = async (c, next) => {
  if (!canManageOrganisers(c.var.actor)) return problemResponse({ code: 'forbidden', detail: 'admins only' });
  await next();
};

/**
 * Only organisers of the event named by the route's `:slug` (or another parameter) pass; admins always do.
 * Sets `c.var.event`. Unknown slug: 404 `event_not_found`; not an organiser of it: 403 `forbidden`.
 */
export function requireEventAccess(param = 'slug'): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const result = await c.var.services.access.events.forActor(c.var.actor, c.req.param(param) ?? '');
    if (!result.ok) return problemResponse(result.error);
    c.set('event', result.value);
    await next();
  };
}
