/**
 * The one access check of the admin pages (the API has src/api/admin-auth.ts): reads the session cookie,
 * asks the access service who it is, and answers what the page may show. Pages:
 *
 *   const access = await adminAccess(Astro, { role: 'admin' });      // or { eventSlug }, or nothing
 *   if (access.kind === 'anonymous') return Astro.redirect('/admin', 303);
 *   // access.kind === 'forbidden' (status already 403): render <AdminLayout access={access}> without data.
 *
 * Form posts go through `verifyAdminPost`: the per-session CSRF token AND the Origin/Sec-Fetch-Site check.
 */
import type { AstroGlobal } from 'astro';
import { allowedOrigins, isSameOriginRequest } from '../../../src/domain/access/origin.ts';
import { type Actor, canManageOrganisers } from '../../../src/domain/access/policy.ts';
import { type ManagedEvent, SESSION_COOKIE } from '../../../src/domain/access/service.ts';

export type AdminAccess =
  | { kind: 'anonymous' }
  | { kind: 'forbidden'; actor: Actor; csrf: string; sessionToken: string }
  | { kind: 'not_found'; actor: Actor; csrf: string; sessionToken: string }
  | { kind: 'ok'; actor: Actor; csrf: string; sessionToken: string; event?: ManagedEvent };

export type SignedIn = Exclude<AdminAccess, { kind: 'anonymous' }>;

type Page = AstroGlobal;

/** Who is asking, and whether they may see this page. Sets no-store, and 403/404 where it refuses. */
export async function adminAccess(Astro: Page, need: { role?: 'admin'; eventSlug?: string } = {}): Promise<AdminAccess> {
  Astro.response.headers.set('Cache-Control', 'no-store');
  Astro.response.headers.set('Referrer-Policy', 'same-origin');
  const { access } = Astro.locals.services;
  const sessionToken = Astro.cookies.get(SESSION_COOKIE)?.value;
  const actor = sessionToken ? await access.authenticateSession(sessionToken) : undefined;
  if (!actor || !sessionToken) {
    // An expired or revoked session: forget the cookie too.
    if (sessionToken) Astro.cookies.delete(SESSION_COOKIE, { path: '/' });
    return { kind: 'anonymous' };
  }
  const csrf = await access.csrfToken(sessionToken);
  if (need.role === 'admin' && !canManageOrganisers(actor)) {
    Astro.response.status = 403;
    return { kind: 'forbidden', actor, csrf, sessionToken };
  }
  if (need.eventSlug !== undefined) {
    const result = await access.events.forActor(actor, need.eventSlug);
    if (!result.ok) {
      const notFound = result.error.code === 'event_not_found';
      Astro.response.status = notFound ? 404 : 403;
      return { kind: notFound ? 'not_found' : 'forbidden', actor, csrf, sessionToken };
    }
    return { kind: 'ok', actor, csrf, sessionToken, event: result.value };
  }
  return { kind: 'ok', actor, csrf, sessionToken };
}

/** True when a form post comes from this site (Origin / Sec-Fetch-Site). */
export function isSameOriginPost(Astro: Page): boolean {
  const origins = allowedOrigins(Astro.locals.services.config.publicUrl, Astro.request.url);
  return isSameOriginRequest(Astro.request.headers, origins);
}

/** A signed-in form post is genuine: same origin AND the session's CSRF token in the `csrf` field. */
export async function verifyAdminPost(Astro: Page, access: SignedIn, form: FormData): Promise<boolean> {
  if (!isSameOriginPost(Astro)) return false;
  return Astro.locals.services.access.verifyCsrf(access.sessionToken, form.get('csrf'));
}

/** Instants as Swedish organisers read them: "12 mars 2027 14:05". */
export function formatInstant(instant: string | null, timeZone = 'Europe/Stockholm'): string {
  if (!instant) return '–';
  return new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(instant));
}
