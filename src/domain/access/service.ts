/**
 * The organisers' access layer: sign-in by one-time link, browser sessions, API tokens, organisers and the
 * audit log. Every secret (login link, session cookie, API token) is 256-bit random and stored only as its
 * SHA-256; single use and revocation are single conditional statements (D1 has no interactive transactions),
 * and every change an organiser makes is written in one atomic batch with its audit row.
 */
import { type CompiledQuery, type SqlBool, sql } from 'kysely';
import { compiler } from '../../../db/compiler.ts';
import { renderEmail } from '../../../emails/index.ts';
import type { EmailEvent } from '../../../emails/types.ts';
import type { Deps } from '../../deps.ts';
import { enqueueMessage } from '../../mail/outbox.ts';
import { createPrivateLinks } from '../../mail/private-links.ts';
import { assertion, isAssertionFailure, isUniqueViolation } from '../batch.ts';
import { fail, ok, type Result } from '../errors.ts';
import { fieldMessages } from '../field-errors.ts';
import { hashSecret, newId, newSecret } from '../ids.ts';
import { auditQuery } from './audit.ts';
import { type ApiTokenInput, ApiTokenInputSchema, type OrganiserInput, OrganiserInputSchema } from './inputs.ts';
import { type Actor, canManageEvent, canManageOrganisers, canRevokeToken, canSeeAllTokens, type Role } from './policy.ts';
import { csrfToken, verifyCsrfToken } from './secrets.ts';

export const SESSION_COOKIE = 'motesdagen_session';
export const LOGIN_LINK_MINUTES = 15;
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often per session (and API token last use), not on every request. */
export const TOUCH_INTERVAL_MS = 60 * 1000;
/** API tokens start with this, so secret scanners and people can tell them apart. */
export const API_TOKEN_PREFIX = 'mdg_';

/** The cookie attributes of a session; Secure except on a plain-http localhost public URL. */
export function sessionCookieOptions(publicUrl: string) {
  const url = new URL(publicUrl);
  const local = url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: !local,
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  };
}

/** A Set-Cookie header value for the session cookie (for Hono responses; pages use Astro.cookies). */
export function sessionCookieHeader(publicUrl: string, value: string, maxAge?: number): string {
  const options = sessionCookieOptions(publicUrl);
  return [
    `${SESSION_COOKIE}=${value}`,
    `Max-Age=${maxAge ?? options.maxAge}`,
    `Path=${options.path}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Reads the session cookie out of a Cookie header. */
export function sessionTokenFromCookieHeader(header: string | null | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || undefined;
  }
  return undefined;
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

export interface ManagedEvent {
  id: string;
  slug: string;
  name: string;
  status: 'draft' | 'published' | 'closed';
  startsAt: string;
  endsAt: string;
  timeZone: string;
}

export interface ApiTokenView {
  id: string;
  name: string;
  organiser: { id: string; email: string; name: string };
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

export interface OrganiserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
  events: { slug: string; name: string }[];
}

export interface AuditRow {
  id: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  createdAt: string;
}

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function createAccessService(deps: Deps) {
  const { db, batch, clock, config } = deps;
  const now = () => clock.now();
  const loginUrl = (token: string) => `${config.publicUrl}/admin/login/${token}`;
  const privateLinks = createPrivateLinks(config.linkSecret);

  async function loadActor(organiserId: string, via: Actor['via']): Promise<Actor | undefined> {
    const organiser = await db
      .selectFrom('organisers')
      .select(['id', 'email', 'name', 'role'])
      .where('id', '=', organiserId)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!organiser) return undefined;
    const events = await db.selectFrom('event_organisers').select('event_id').where('organiser_id', '=', organiserId).execute();
    return {
      organiserId: organiser.id,
      email: organiser.email,
      name: organiser.name,
      role: organiser.role,
      eventIds: events.map((e) => e.event_id),
      via,
    };
  }

  /** The event an organiser's login email names: the next one they manage, else the latest. */
  async function emailEventFor(organiser: { id: string; role: Role }): Promise<{ id: string | null; event: EmailEvent }> {
    let query = db
      .selectFrom('events')
      .select(['id', 'name', 'organiser_name', 'organiser_email', 'time_zone', 'venue_name', 'ends_at'])
      .orderBy('starts_at', 'asc');
    if (organiser.role !== 'admin') {
      query = query.where('id', 'in', db.selectFrom('event_organisers').select('event_id').where('organiser_id', '=', organiser.id));
    }
    const events = await query.execute();
    const stamp = now().toISOString();
    const chosen = events.find((e) => e.ends_at > stamp) ?? events.at(-1);
    if (!chosen) {
      const address = /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom;
      return {
        id: null,
        event: { name: 'Mötesdagen', organiserName: 'Mötesdagen', organiserEmail: address, timeZone: 'Europe/Stockholm', venue: '' },
      };
    }
    return {
      id: chosen.id,
      event: {
        name: chosen.name,
        organiserName: chosen.organiser_name,
        organiserEmail: chosen.organiser_email,
        timeZone: chosen.time_zone,
        venue: chosen.venue_name,
      },
    };
  }

  /**
   * The INSERT of a new login link for an organiser, and the link itself: `url` to hand over directly (the command
   * line), `emailUrl` with the token sealed for a stored email (src/mail/private-links.ts).
   */
  async function newLoginLink(organiserId: string): Promise<{ url: string; emailUrl: string; query: CompiledQuery }> {
    const token = newSecret();
    const at = now();
    const query = compiler
      .insertInto('login_tokens')
      .values({
        id: newId(),
        organiser_id: organiserId,
        token_hash: await hashSecret(token),
        expires_at: new Date(at.getTime() + LOGIN_LINK_MINUTES * 60_000).toISOString(),
        created_at: at.toISOString(),
      })
      .compile();
    return { url: loginUrl(token), emailUrl: loginUrl(await privateLinks.seal(token)), query };
  }

  async function loginTokenRow(token: string) {
    if (!token || token.length > 200) return undefined;
    return db
      .selectFrom('login_tokens')
      .innerJoin('organisers', 'organisers.id', 'login_tokens.organiser_id')
      .select(['login_tokens.id', 'login_tokens.organiser_id', 'login_tokens.expires_at', 'login_tokens.used_at', 'organisers.disabled_at'])
      .where('login_tokens.token_hash', '=', await hashSecret(token))
      .executeTakeFirst();
  }

  const tokenView = (row: {
    id: string;
    name: string;
    organiser_id: string;
    email: string;
    organiser_name: string;
    created_at: string;
    expires_at: string | null;
    last_used_at: string | null;
    revoked_at: string | null;
  }): ApiTokenView => ({
    id: row.id,
    name: row.name,
    organiser: { id: row.organiser_id, email: row.email, name: row.organiser_name },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    status: row.revoked_at ? 'revoked' : row.expires_at && row.expires_at <= now().toISOString() ? 'expired' : 'active',
  });

  const tokenRows = () =>
    db
      .selectFrom('api_tokens')
      .innerJoin('organisers', 'organisers.id', 'api_tokens.organiser_id')
      .select([
        'api_tokens.id',
        'api_tokens.name',
        'api_tokens.organiser_id',
        'organisers.email',
        'organisers.name as organiser_name',
        'api_tokens.created_at',
        'api_tokens.expires_at',
        'api_tokens.last_used_at',
        'api_tokens.revoked_at',
      ]);

  /** Creates an API token for an organiser: the token is returned once, only its hash is kept. */
  async function createTokenFor(
    organiserId: string,
    input: ApiTokenInput,
    who: Actor | { label: string },
  ): Promise<Result<{ token: string; view: ApiTokenView }>> {
    const parsed = ApiTokenInputSchema.safeParse(input);
    if (!parsed.success)
      return fail('validation_failed', undefined, [{ path: 'name', code: 'invalid', message: fieldMessages.invalid.en }]);
    const at = now();
    const expiresAt = parsed.data.expiresAt ? new Date(parsed.data.expiresAt).toISOString() : null;
    if (expiresAt && expiresAt <= at.toISOString()) {
      return fail('validation_failed', undefined, [{ path: 'expiresAt', code: 'invalid', message: 'The expiry must be in the future.' }]);
    }
    const token = `${API_TOKEN_PREFIX}${newSecret()}`;
    const id = newId();
    const values = {
      id,
      organiser_id: organiserId,
      name: parsed.data.name,
      token_hash: await hashSecret(token),
      created_at: at.toISOString(),
      expires_at: expiresAt,
    };
    await batch.run([
      compiler.insertInto('api_tokens').values(values).compile(),
      auditQuery(
        { actor: who, action: 'create', entity: 'api_token', entityId: id, after: { name: values.name, organiserId, expiresAt } },
        at,
      ),
    ]);
    const row = await tokenRows().where('api_tokens.id', '=', id).executeTakeFirstOrThrow();
    return ok({ token, view: tokenView(row) });
  }

  /** Revokes an API token; revoking a revoked token answers its current state and writes nothing. */
  async function revokeTokenAs(id: string, who: Actor | { label: string }, allowed: (row: { organiserId: string }) => boolean) {
    const row = await tokenRows().where('api_tokens.id', '=', id).executeTakeFirst();
    if (!row || !allowed({ organiserId: row.organiser_id })) return fail('not_found');
    if (row.revoked_at) return ok(tokenView(row));
    const at = now();
    try {
      await batch.run([
        // Another revocation between our read and this batch aborts it: the audit log then has one row, not two.
        assertion(sql<SqlBool>`(SELECT revoked_at FROM api_tokens WHERE id = ${id}) IS NULL`),
        compiler.updateTable('api_tokens').set({ revoked_at: at.toISOString() }).where('id', '=', id).compile(),
        auditQuery(
          {
            actor: who,
            action: 'revoke',
            entity: 'api_token',
            entityId: id,
            before: { name: row.name, revokedAt: null },
            after: { name: row.name, revokedAt: at.toISOString() },
          },
          at,
        ),
      ]);
    } catch (error) {
      if (!isAssertionFailure(error)) throw error;
    }
    return ok(tokenView(await tokenRows().where('api_tokens.id', '=', id).executeTakeFirstOrThrow()));
  }

  async function listOrganisers(): Promise<OrganiserView[]> {
    const organisers = await db.selectFrom('organisers').selectAll().orderBy('name').orderBy('email').execute();
    const assignments = await db
      .selectFrom('event_organisers')
      .innerJoin('events', 'events.id', 'event_organisers.event_id')
      .select(['event_organisers.organiser_id', 'events.slug', 'events.name'])
      .orderBy('events.starts_at', 'desc')
      .execute();
    return organisers.map((o) => ({
      id: o.id,
      email: o.email,
      name: o.name,
      role: o.role,
      createdAt: o.created_at,
      disabledAt: o.disabled_at,
      events: assignments.filter((a) => a.organiser_id === o.id).map((a) => ({ slug: a.slug, name: a.name })),
    }));
  }

  async function createOrganiserAs(
    input: OrganiserInput,
    who: Actor | { label: string },
    lang: 'sv' | 'en',
  ): Promise<Result<OrganiserView>> {
    const parsed = OrganiserInputSchema.safeParse(input);
    if (!parsed.success) {
      return fail(
        'validation_failed',
        undefined,
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', code: 'invalid', message: fieldMessages.invalid[lang] })),
      );
    }
    const { email, name, role } = parsed.data;
    const slugs = [...new Set(parsed.data.eventSlugs)];
    const events = slugs.length ? await db.selectFrom('events').select(['id', 'slug']).where('slug', 'in', slugs).execute() : [];
    const unknown = slugs.filter((slug) => !events.some((e) => e.slug === slug));
    if (unknown.length) {
      return fail('validation_failed', undefined, [
        {
          path: 'eventSlugs',
          code: 'unknown_event',
          message: lang === 'sv' ? `Okänt evenemang: ${unknown.join(', ')}` : `Unknown event: ${unknown.join(', ')}`,
        },
      ]);
    }
    const id = newId();
    const at = now();
    const queries: CompiledQuery[] = [
      compiler.insertInto('organisers').values({ id, email, name, role, created_at: at.toISOString() }).compile(),
      auditQuery({ actor: who, action: 'create', entity: 'organiser', entityId: id, after: { email, name, role, events: slugs } }, at),
    ];
    for (const event of events) {
      queries.push(
        compiler.insertInto('event_organisers').values({ event_id: event.id, organiser_id: id }).compile(),
        auditQuery(
          { actor: who, action: 'assign', entity: 'event_organiser', entityId: id, eventId: event.id, after: { email, name, role } },
          at,
        ),
      );
    }
    try {
      await batch.run(queries);
    } catch (error) {
      if (!isUniqueViolation(error, 'organisers.email')) throw error;
      return fail('validation_failed', undefined, [
        {
          path: 'email',
          code: 'taken',
          message: lang === 'sv' ? 'Det finns redan en arrangör med den adressen.' : 'An organiser with this address already exists.',
        },
      ]);
    }
    const view = (await listOrganisers()).find((o) => o.id === id);
    if (!view) throw new Error('organiser vanished after insert');
    return ok(view);
  }

  return {
    /** Issues a CSRF token for forms of this session (hidden field `csrf`). */
    csrfToken: (sessionToken: string) => csrfToken(sessionToken),
    /** Checks a posted CSRF token in constant time. */
    verifyCsrf: (sessionToken: string, posted: unknown) => verifyCsrfToken(sessionToken, posted),
    cookie: (value: string, maxAge?: number) => sessionCookieHeader(config.publicUrl, value, maxAge),
    cookieOptions: () => sessionCookieOptions(config.publicUrl),

    /**
     * Queues a sign-in link for the address when it belongs to an enabled organiser. Answers the same
     * (nothing) whether or not it does, so callers cannot tell accounts apart.
     */
    async requestLoginLink(email: string): Promise<void> {
      const organiser = await db
        .selectFrom('organisers')
        .select(['id', 'name', 'email', 'role'])
        .where('email', '=', email.trim())
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!organiser) {
        // Spend about the same work as for a real account (hashing), so timing says little.
        await hashSecret(newSecret());
        return;
      }
      // One new link per address per cooldown: asking again sooner sends nothing (and answers the same).
      const cooldownStart = new Date(now().getTime() - config.signInCooldownSeconds * 1000).toISOString();
      const recent = await db
        .selectFrom('login_tokens')
        .select('id')
        .where('organiser_id', '=', organiser.id)
        .where('created_at', '>', cooldownStart)
        .executeTakeFirst();
      if (recent) return;
      const link = await newLoginLink(organiser.id);
      const { id: eventId, event } = await emailEventFor(organiser);
      const mail = renderEmail({
        kind: 'organiser_login',
        lang: 'sv',
        event,
        recipientName: organiser.name,
        loginUrl: link.emailUrl,
        validMinutes: LOGIN_LINK_MINUTES,
      });
      await batch.run([
        link.query,
        // At most two live links per organiser: older unused ones are retired as the new one is made.
        compiler
          .updateTable('login_tokens')
          .set({ used_at: now().toISOString() })
          .where('organiser_id', '=', organiser.id)
          .where('used_at', 'is', null)
          .where(
            'id',
            'not in',
            compiler
              .selectFrom('login_tokens')
              .select('id')
              .where('organiser_id', '=', organiser.id)
              .where('used_at', 'is', null)
              .orderBy('created_at', 'desc')
              .orderBy('id', 'desc')
              .limit(2),
          )
          .compile(),
        enqueueMessage({ eventId, kind: 'organiser_login', language: 'sv', to: organiser.email, ...mail }, now()),
      ]);
    },

    /** Whether a login link can still be used (shown before the "Sign in" button; does not use it up). */
    async loginLinkUsable(token: string): Promise<boolean> {
      const row = await loginTokenRow(token);
      return Boolean(row && !row.used_at && !row.disabled_at && row.expires_at > now().toISOString());
    },

    /**
     * Uses a login link (once) and opens a session. The link is marked used by one conditional UPDATE, so of
     * two concurrent uses exactly one wins. Returns the session secret for the cookie, or undefined.
     */
    async signInWithLink(token: string): Promise<{ sessionToken: string; expiresAt: string } | undefined> {
      const row = await loginTokenRow(token);
      if (!row) return undefined;
      const at = now();
      const stamp = at.toISOString();
      const used = await db
        .updateTable('login_tokens')
        .set({ used_at: stamp })
        .where('id', '=', row.id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', stamp)
        .where('organiser_id', 'in', db.selectFrom('organisers').select('id').where('disabled_at', 'is', null))
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) return undefined;
      const sessionToken = newSecret();
      const expiresAt = new Date(at.getTime() + SESSION_ABSOLUTE_MS).toISOString();
      await db
        .insertInto('organiser_sessions')
        .values({
          id: newId(),
          organiser_id: row.organiser_id,
          token_hash: await hashSecret(sessionToken),
          created_at: stamp,
          last_seen_at: stamp,
          expires_at: expiresAt,
        })
        .execute();
      return { sessionToken, expiresAt };
    },

    /**
     * The organiser behind a session cookie, or undefined when the session is unknown, revoked, idle for
     * more than 8 hours, older than 7 days, or its organiser is disabled. Slides the idle expiry.
     */
    async authenticateSession(sessionToken: string | undefined): Promise<Actor | undefined> {
      if (!sessionToken || sessionToken.length > 200) return undefined;
      const at = now();
      const stamp = at.toISOString();
      const session = await db
        .selectFrom('organiser_sessions')
        .select(['id', 'organiser_id', 'last_seen_at'])
        .where('token_hash', '=', await hashSecret(sessionToken))
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', stamp)
        .where('last_seen_at', '>', new Date(at.getTime() - SESSION_IDLE_MS).toISOString())
        .executeTakeFirst();
      if (!session) return undefined;
      const actor = await loadActor(session.organiser_id, { kind: 'session', sessionId: session.id });
      if (!actor) return undefined;
      const touchBefore = new Date(at.getTime() - TOUCH_INTERVAL_MS).toISOString();
      if (session.last_seen_at <= touchBefore) {
        await db
          .updateTable('organiser_sessions')
          .set({ last_seen_at: stamp })
          .where('id', '=', session.id)
          .where('last_seen_at', '<=', touchBefore)
          .execute();
      }
      return actor;
    },

    /** The organiser behind an API token, or undefined when unknown, revoked, expired or disabled. */
    async authenticateApiToken(token: string | undefined): Promise<Actor | undefined> {
      if (!token || token.length > 200) return undefined;
      const at = now();
      const stamp = at.toISOString();
      const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'organiser_id', 'last_used_at'])
        .where('token_hash', '=', await hashSecret(token))
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', stamp)]))
        .executeTakeFirst();
      if (!row) return undefined;
      const actor = await loadActor(row.organiser_id, { kind: 'token', tokenId: row.id });
      if (!actor) return undefined;
      const touchBefore = new Date(at.getTime() - TOUCH_INTERVAL_MS).toISOString();
      if (!row.last_used_at || row.last_used_at <= touchBefore) {
        await db.updateTable('api_tokens').set({ last_used_at: stamp }).where('id', '=', row.id).execute();
      }
      return actor;
    },

    /** Ends the session behind a cookie (server-side: the cookie stops working even if kept). */
    async signOut(sessionToken: string | undefined): Promise<void> {
      if (!sessionToken || sessionToken.length > 200) return;
      await db
        .updateTable('organiser_sessions')
        .set({ revoked_at: now().toISOString() })
        .where('token_hash', '=', await hashSecret(sessionToken))
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** Revokes every session of an organiser (e.g. after disabling them or a lost laptop). */
    async revokeSessionsOf(organiserId: string): Promise<number> {
      const result = await db
        .updateTable('organiser_sessions')
        .set({ revoked_at: now().toISOString() })
        .where('organiser_id', '=', organiserId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    events: {
      /** Events the actor may manage, newest first. */
      async manageable(actor: Actor): Promise<ManagedEvent[]> {
        let query = db
          .selectFrom('events')
          .select(['id', 'slug', 'name', 'status', 'starts_at', 'ends_at', 'time_zone'])
          .orderBy('starts_at', 'desc');
        if (actor.role !== 'admin') {
          query = query.where(
            'id',
            'in',
            db.selectFrom('event_organisers').select('event_id').where('organiser_id', '=', actor.organiserId),
          );
        }
        return (await query.execute()).map((e) => ({
          id: e.id,
          slug: e.slug,
          name: e.name,
          status: e.status,
          startsAt: e.starts_at,
          endsAt: e.ends_at,
          timeZone: e.time_zone,
        }));
      },
      /** The event with this slug if the actor may manage it: `event_not_found` or `forbidden` otherwise. */
      async forActor(actor: Actor, slug: string): Promise<Result<ManagedEvent>> {
        const e = await db
          .selectFrom('events')
          .select(['id', 'slug', 'name', 'status', 'starts_at', 'ends_at', 'time_zone'])
          .where('slug', '=', slug)
          .executeTakeFirst();
        if (!e) return fail('event_not_found');
        if (!canManageEvent(actor, e.id)) return fail('forbidden', 'not an organiser of this event');
        return ok({
          id: e.id,
          slug: e.slug,
          name: e.name,
          status: e.status,
          startsAt: e.starts_at,
          endsAt: e.ends_at,
          timeZone: e.time_zone,
        });
      },
    },

    tokens: {
      /** The actor's API tokens (an admin's list holds everyone's), newest first. */
      async list(actor: Actor): Promise<ApiTokenView[]> {
        let query = tokenRows().orderBy('api_tokens.created_at', 'desc');
        if (!canSeeAllTokens(actor)) query = query.where('api_tokens.organiser_id', '=', actor.organiserId);
        return (await query.execute()).map(tokenView);
      },
      /** A new API token for the actor; the secret is in the answer once and nowhere else. */
      create: (actor: Actor, input: ApiTokenInput) => createTokenFor(actor.organiserId, input, actor),
      revoke: (actor: Actor, id: string) => revokeTokenAs(id, actor, (token) => canRevokeToken(actor, token)),
    },

    organisers: {
      async list(actor: Actor): Promise<Result<OrganiserView[]>> {
        if (!canManageOrganisers(actor)) return fail('forbidden');
        return ok(await listOrganisers());
      },
      async create(actor: Actor, input: OrganiserInput, lang: 'sv' | 'en' = 'en'): Promise<Result<OrganiserView>> {
        if (!canManageOrganisers(actor)) return fail('forbidden');
        return createOrganiserAs(input, actor, lang);
      },
    },

    audit: {
      /** The audit log of one event, newest first. Check access with events.forActor first. */
      async forEvent(eventId: string, limit = 500): Promise<AuditRow[]> {
        const rows = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('event_id', '=', eventId)
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(limit)
          .execute();
        return rows.map((r) => ({
          id: r.id,
          actor: r.actor,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          before: parseJson(r.before_json),
          after: parseJson(r.after_json),
          createdAt: r.created_at,
        }));
      },
    },

    /** What the command line (bin/motesdagen.ts) does, acting as `cli` in the audit log. */
    cli: {
      /** Creates an admin and returns a sign-in link for them (valid 15 minutes). */
      async createAdmin(email: string, name: string): Promise<Result<{ organiser: OrganiserView; loginUrl: string }>> {
        const created = await createOrganiserAs({ email, name, role: 'admin', eventSlugs: [] }, { label: 'cli' }, 'en');
        if (!created.ok) return created;
        const link = await newLoginLink(created.value.id);
        await batch.run([link.query]);
        return ok({ organiser: created.value, loginUrl: link.url });
      },
      /** A sign-in link for an existing, enabled organiser (printed by `npm start` for the demo organiser). */
      async signInLink(email: string): Promise<string | undefined> {
        const organiser = await db
          .selectFrom('organisers')
          .select('id')
          .where('email', '=', email.trim())
          .where('disabled_at', 'is', null)
          .executeTakeFirst();
        if (!organiser) return undefined;
        const link = await newLoginLink(organiser.id);
        await batch.run([link.query]);
        return link.url;
      },
      async createToken(email: string, name: string): Promise<Result<{ token: string; view: ApiTokenView }>> {
        const organiser = await db
          .selectFrom('organisers')
          .select('id')
          .where('email', '=', email.trim())
          .where('disabled_at', 'is', null)
          .executeTakeFirst();
        if (!organiser) return fail('not_found', 'no enabled organiser has this address');
        return createTokenFor(organiser.id, { name }, { label: 'cli' });
      },
      revokeToken: (id: string) => revokeTokenAs(id, { label: 'cli' }, () => true),
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
