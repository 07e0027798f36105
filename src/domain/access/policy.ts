/**
 * Who may do what in the organisers' back office. Pure functions over an `Actor` (an authenticated
 * organiser, loaded once per request with the events it is assigned to), so the API middleware and the
 * admin pages ask the same questions.
 */

export type Role = 'admin' | 'organiser';

/** An authenticated organiser, as the middleware and the page guard see it. */
export interface Actor {
  organiserId: string;
  email: string;
  name: string;
  role: Role;
  /** Events the organiser is assigned to (event_organisers); admins may manage every event anyway. */
  eventIds: readonly string[];
  /** How the request was authenticated: a browser session (cookie) or an API token (Bearer). */
  via: { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string };
}

export const isAdmin = (actor: Actor): boolean => actor.role === 'admin';

/** Admins manage every event; organisers only those they are assigned to. */
export const canManageEvent = (actor: Actor, eventId: string): boolean => isAdmin(actor) || actor.eventIds.includes(eventId);

/** Creating, changing and disabling organisers is for admins only. */
export const canManageOrganisers = (actor: Actor): boolean => isAdmin(actor);

/** Everyone may revoke their own API tokens; admins may revoke anyone's. */
export const canRevokeToken = (actor: Actor, token: { organiserId: string }): boolean =>
  isAdmin(actor) || token.organiserId === actor.organiserId;

/** Admins see every API token; organisers only their own. */
export const canSeeAllTokens = (actor: Actor): boolean => isAdmin(actor);

/** The words the audit log stores for who did something. */
export const actorLabel = (actor: Actor): string => `${actor.email} (${actor.via.kind === 'token' ? 'API' : 'webb'})`;
