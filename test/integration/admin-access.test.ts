/**
 * The organisers' access layer in-process: sign-in links through the outbox (single use, 15 minutes),
 * sessions (idle and absolute expiry, revocation, sign-out, disabled organisers), API tokens (hashed, expiry,
 * revocation, last use), the same-origin rule for cookie-authenticated writes, and audit rows written in the
 * same batch as each change. The page that consumes a link calls `services.access.signInWithLink`, as here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ORGANISER_EMAIL } from '../../db/demo-event.ts';
import { hashSecret } from '../../src/domain/ids.ts';
import { createServices } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';

const ORIGIN = 'http://localhost:4321';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let harness: Awaited<ReturnType<typeof createTestApp>>;
let clock: { t: number; now(): Date };
let access: ReturnType<typeof createServices>['access'];

beforeEach(async () => {
  clock = {
    t: Date.parse('2027-03-01T08:00:00.000Z'),
    now() {
      return new Date(this.t);
    },
  };
  harness = await createTestApp({}, { clock });
  access = createServices(harness.deps).access;
});
afterEach(async () => {
  await harness.close();
});

const advance = (ms: number) => {
  clock.t += ms;
};

function request(path: string, init: { method?: string; cookie?: string; bearer?: string; origin?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = `motesdagen_session=${init.cookie}`;
  if (init.bearer) headers.authorization = `Bearer ${init.bearer}`;
  if (init.origin) headers.origin = init.origin;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return harness.app.request(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const outboxLogins = (to: string) =>
  harness.deps.sqlite
    .prepare("SELECT id, to_address, subject, text, html FROM outbox WHERE kind = 'organiser_login' AND to_address = ? ORDER BY created_at")
    .all(to) as { id: string; to_address: string; subject: string; text: string; html: string }[];

/** Asks for a link through the API and reads the token out of the queued email's text, as it is sent. */
async function requestLink(email: string): Promise<string> {
  const before = outboxLogins(email.toLowerCase()).length;
  const response = await request('/api/admin/login', { method: 'POST', body: { email } });
  expect(response.status).toBe(202);
  const messages = outboxLogins(email.toLowerCase());
  expect(messages.length).toBe(before + 1);
  const match = /http:\/\/localhost:4321\/admin\/login\/([A-Za-z0-9_-]{43})/.exec(await harness.asSent(messages.at(-1)?.text ?? ''));
  expect(match, 'the email text carries the sign-in link').not.toBeNull();
  return match?.[1] as string;
}

async function signIn(email = DEMO_ORGANISER_EMAIL): Promise<string> {
  const session = await access.signInWithLink(await requestLink(email));
  expect(session).toBeDefined();
  return session?.sessionToken as string;
}

async function createOrganiser(cookie: string, body: { email: string; name: string; role: 'admin' | 'organiser'; eventSlugs?: string[] }) {
  const response = await request('/api/admin/organisers', { method: 'POST', cookie, origin: ORIGIN, body });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; email: string };
}

const demoSlug = () =>
  (harness.deps.sqlite.prepare("SELECT slug FROM events WHERE slug LIKE 'stora-motesdagen-%'").get() as { slug: string }).slug;
const sqlGet = <T>(query: string, ...params: unknown[]) => harness.deps.sqlite.prepare(query).get(...params) as T;

describe('sign-in by one-time link', () => {
  it('answers 202 the same way for known and unknown addresses and queues a link only for organisers', async () => {
    const known = await request('/api/admin/login', { method: 'POST', body: { email: DEMO_ORGANISER_EMAIL } });
    const unknown = await request('/api/admin/login', { method: 'POST', body: { email: 'nobody@norrvik.example' } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await unknown.text()).toBe(await known.text());
    expect(outboxLogins(DEMO_ORGANISER_EMAIL)).toHaveLength(1);
    expect(outboxLogins('nobody@norrvik.example')).toHaveLength(0);
    const [mail] = outboxLogins(DEMO_ORGANISER_EMAIL);
    expect(mail?.subject).toBe('Din inloggningslänk till Mötesdagen');
    expect(mail?.text).toContain('15 minuter');
  });

  it('signs in end to end: link from the outbox, session cookie, /api/admin/me; the link works once', async () => {
    const token = await requestLink(DEMO_ORGANISER_EMAIL.toUpperCase());
    // Only the SHA-256 of the link is stored.
    expect(sqlGet<{ n: number }>('SELECT count(*) AS n FROM login_tokens WHERE token_hash = ?', await hashSecret(token)).n).toBe(1);
    expect(sqlGet<{ n: number }>('SELECT count(*) AS n FROM login_tokens WHERE token_hash = ?', token).n).toBe(0);
    expect(await access.loginLinkUsable(token)).toBe(true);

    const session = await access.signInWithLink(token);
    expect(session?.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(session?.expiresAt ?? '') - clock.t).toBe(7 * 24 * HOUR);

    const me = await request('/api/admin/me', { cookie: session?.sessionToken });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const body = (await me.json()) as { email: string; role: string; authenticatedBy: string; events: { slug: string }[] };
    expect(body).toMatchObject({ email: DEMO_ORGANISER_EMAIL, role: 'admin', authenticatedBy: 'session' });
    expect(body.events.map((e) => e.slug)).toContain(demoSlug());

    // Single use, also when two uses race.
    expect(await access.loginLinkUsable(token)).toBe(false);
    expect(await access.signInWithLink(token)).toBeUndefined();
    const other = await requestLink(DEMO_ORGANISER_EMAIL);
    const results = await Promise.all([access.signInWithLink(other), access.signInWithLink(other), access.signInWithLink(other)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a link after 15 minutes', async () => {
    const early = await requestLink(DEMO_ORGANISER_EMAIL);
    const late = await requestLink(DEMO_ORGANISER_EMAIL);
    advance(14 * MINUTE + 59_000);
    expect(await access.signInWithLink(early)).toBeDefined();
    advance(1_000);
    expect(await access.loginLinkUsable(late)).toBe(false);
    expect(await access.signInWithLink(late)).toBeUndefined();
  });

  it('refuses unknown and malformed links', async () => {
    expect(await access.signInWithLink('x'.repeat(43))).toBeUndefined();
    expect(await access.signInWithLink('')).toBeUndefined();
    expect(await access.loginLinkUsable('nope')).toBe(false);
  });

  it('keeps disabled organisers out: no link, no sign-in with an old link, their sessions and tokens stop working', async () => {
    const admin = await signIn();
    const organiser = await createOrganiser(admin, { email: 'kim@norrvik.example', name: 'Kim Arrangör', role: 'organiser' });
    const cookie = await signIn('kim@norrvik.example');
    const pending = await requestLink('kim@norrvik.example');
    const tokenResponse = await request('/api/admin/tokens', { method: 'POST', cookie, origin: ORIGIN, body: { name: 'script' } });
    const { token } = (await tokenResponse.json()) as { token: string };
    expect((await request('/api/admin/me', { bearer: token })).status).toBe(200);

    harness.deps.sqlite.prepare('UPDATE organisers SET disabled_at = ? WHERE id = ?').run(clock.now().toISOString(), organiser.id);

    expect((await request('/api/admin/me', { cookie })).status).toBe(401);
    expect((await request('/api/admin/me', { bearer: token })).status).toBe(401);
    expect(await access.signInWithLink(pending)).toBeUndefined();
    const response = await request('/api/admin/login', { method: 'POST', body: { email: 'kim@norrvik.example' } });
    expect(response.status).toBe(202);
    expect(outboxLogins('kim@norrvik.example')).toHaveLength(2);
  });
});

describe('sessions', () => {
  it('slide: 8 hours idle ends a session, activity keeps it (written at most once a minute)', async () => {
    const cookie = await signIn();
    const lastSeen = () => sqlGet<{ last_seen_at: string }>('SELECT last_seen_at FROM organiser_sessions').last_seen_at;
    const signedInAt = lastSeen();
    advance(30_000);
    expect((await request('/api/admin/me', { cookie })).status).toBe(200);
    expect(lastSeen()).toBe(signedInAt);
    advance(8 * HOUR - 31_000);
    expect((await request('/api/admin/me', { cookie })).status).toBe(200);
    expect(lastSeen()).toBe(clock.now().toISOString());
    advance(8 * HOUR - 1_000);
    expect((await request('/api/admin/me', { cookie })).status).toBe(200);
    advance(8 * HOUR);
    const expired = await request('/api/admin/me', { cookie });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await expired.json()) as { code: string }).code).toBe('unauthorized');
  });

  it('end 7 days after sign-in however active', async () => {
    const cookie = await signIn();
    for (let hours = 7; hours < 7 * 24; hours += 7) {
      advance(7 * HOUR);
      expect((await request('/api/admin/me', { cookie })).status, `after ${hours} h`).toBe(200);
    }
    advance(7 * HOUR); // 7 × 24 h after sign-in, and only 7 h since the last request
    expect((await request('/api/admin/me', { cookie })).status).toBe(401);
  });

  it('can be revoked on the server, and signing out revokes the session', async () => {
    const first = await signIn();
    const second = await signIn();
    await access.signOut(first);
    expect((await request('/api/admin/me', { cookie: first })).status).toBe(401);
    expect((await request('/api/admin/me', { cookie: second })).status).toBe(200);
    expect(sqlGet<{ n: number }>('SELECT count(*) AS n FROM organiser_sessions WHERE revoked_at IS NOT NULL').n).toBe(1);

    const { id } = sqlGet<{ id: string }>('SELECT id FROM organisers WHERE email = ?', DEMO_ORGANISER_EMAIL);
    expect(await access.revokeSessionsOf(id)).toBe(1);
    expect((await request('/api/admin/me', { cookie: second })).status).toBe(401);
  });

  it('stores only the SHA-256 of the session secret', async () => {
    const cookie = await signIn();
    const row = sqlGet<{ token_hash: string }>('SELECT token_hash FROM organiser_sessions');
    expect(row.token_hash).toBe(await hashSecret(cookie));
  });
});

describe('API tokens', () => {
  it('are created once, hashed at rest, used as Bearer, record last use, and stop when revoked', async () => {
    const cookie = await signIn();
    const created = await request('/api/admin/tokens', { method: 'POST', cookie, origin: ORIGIN, body: { name: 'Intranätet' } });
    expect(created.status).toBe(201);
    const { token, id, status } = (await created.json()) as { token: string; id: string; status: string };
    expect(token).toMatch(/^mdg_[A-Za-z0-9_-]{43}$/);
    expect(status).toBe('active');
    expect(sqlGet<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = ?', id).token_hash).toBe(await hashSecret(token));

    const listed = (await (await request('/api/admin/tokens', { cookie })).json()) as { tokens: Record<string, unknown>[] };
    expect(listed.tokens).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.tokens[0]?.lastUsedAt).toBeNull();

    advance(5_000);
    const me = await request('/api/admin/me', { bearer: token });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { authenticatedBy: string }).authenticatedBy).toBe('token');
    expect(sqlGet<{ last_used_at: string }>('SELECT last_used_at FROM api_tokens WHERE id = ?', id).last_used_at).toBe(
      clock.now().toISOString(),
    );

    // A Bearer write needs no Origin (not a browser, no cookie to ride on).
    const viaToken = await request('/api/admin/tokens', { method: 'POST', bearer: token, body: { name: 'second' } });
    expect(viaToken.status).toBe(201);

    const revoked = await request(`/api/admin/tokens/${id}`, { method: 'DELETE', bearer: token });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { status: string }).status).toBe('revoked');
    expect((await request('/api/admin/me', { bearer: token })).status).toBe(401);
    // Revoking again changes nothing and writes no second audit row.
    expect((await request(`/api/admin/tokens/${id}`, { method: 'DELETE', cookie, origin: ORIGIN })).status).toBe(200);
    expect(sqlGet<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE entity_id = ? AND action = 'revoke'", id).n).toBe(1);
  });

  it('stop working at their expiry', async () => {
    const cookie = await signIn();
    const expiresAt = new Date(clock.t + HOUR).toISOString();
    const created = await request('/api/admin/tokens', { method: 'POST', cookie, origin: ORIGIN, body: { name: 'kort', expiresAt } });
    const { token } = (await created.json()) as { token: string };
    advance(HOUR - 1);
    expect((await request('/api/admin/me', { bearer: token })).status).toBe(200);
    advance(1);
    expect((await request('/api/admin/me', { bearer: token })).status).toBe(401);
    const past = await request('/api/admin/tokens', {
      method: 'POST',
      cookie,
      origin: ORIGIN,
      body: { name: 'gammal', expiresAt: new Date(clock.t - 1).toISOString() },
    });
    expect(past.status).toBe(422);
  });

  it('refuses an unknown Bearer token even next to a valid cookie', async () => {
    const cookie = await signIn();
    const response = await harness.app.request('/api/admin/me', {
      headers: { authorization: 'Bearer mdg_nope', cookie: `motesdagen_session=${cookie}` },
    });
    expect(response.status).toBe(401);
  });

  it('an organiser cannot see or revoke another organiser’s token', async () => {
    const admin = await signIn();
    await createOrganiser(admin, { email: 'kim@norrvik.example', name: 'Kim', role: 'organiser' });
    const adminToken = (await (
      await request('/api/admin/tokens', { method: 'POST', cookie: admin, origin: ORIGIN, body: { name: 'admin' } })
    ).json()) as { id: string };
    const kim = await signIn('kim@norrvik.example');
    const list = (await (await request('/api/admin/tokens', { cookie: kim })).json()) as { tokens: unknown[] };
    expect(list.tokens).toEqual([]);
    expect((await request(`/api/admin/tokens/${adminToken.id}`, { method: 'DELETE', cookie: kim, origin: ORIGIN })).status).toBe(404);
  });
});

describe('cross-site requests', () => {
  it('refuses cookie-authenticated writes from another origin, or without any origin evidence', async () => {
    const cookie = await signIn();
    const count = () => sqlGet<{ n: number }>('SELECT count(*) AS n FROM api_tokens').n;
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: ORIGIN },
      {},
    ];
    for (const headers of attempts) {
      const response = await harness.app.request('/api/admin/tokens', {
        method: 'POST',
        headers: { ...headers, cookie: `motesdagen_session=${cookie}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'forged' }),
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(count()).toBe(0);
    const same = await harness.app.request('/api/admin/tokens', {
      method: 'POST',
      headers: {
        'sec-fetch-site': 'same-origin',
        origin: ORIGIN,
        cookie: `motesdagen_session=${cookie}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'ok' }),
    });
    expect(same.status).toBe(201);
    expect(count()).toBe(1);
  });
});

describe('roles and the audit log', () => {
  it('creates an organiser with events, writing audit rows in the same batch; a failed create writes none', async () => {
    const admin = await signIn();
    const slug = demoSlug();
    const eventId = sqlGet<{ id: string }>('SELECT id FROM events WHERE slug = ?', slug).id;
    const kim = await createOrganiser(admin, { email: 'kim@norrvik.example', name: 'Kim', role: 'organiser', eventSlugs: [slug] });

    const rows = harness.deps.sqlite.prepare('SELECT * FROM audit_log WHERE entity_id = ? ORDER BY entity').all(kim.id) as {
      event_id: string | null;
      actor: string;
      action: string;
      entity: string;
      after_json: string;
      organiser_id: string;
    }[];
    expect(rows.map((r) => [r.entity, r.action, r.event_id])).toEqual([
      ['event_organiser', 'assign', eventId],
      ['organiser', 'create', null],
    ]);
    expect(rows[0]?.actor).toContain(DEMO_ORGANISER_EMAIL);
    expect(JSON.parse(rows[1]?.after_json ?? '{}')).toMatchObject({ email: 'kim@norrvik.example', role: 'organiser', events: [slug] });
    expect(await access.audit.forEvent(eventId)).toEqual([expect.objectContaining({ action: 'assign', entity: 'event_organiser' })]);

    const auditCount = () => sqlGet<{ n: number }>('SELECT count(*) AS n FROM audit_log').n;
    const before = auditCount();
    const duplicate = await request('/api/admin/organisers', {
      method: 'POST',
      cookie: admin,
      origin: ORIGIN,
      body: { email: 'KIM@norrvik.example', name: 'Kim igen', role: 'admin' },
    });
    expect(duplicate.status).toBe(422);
    expect(((await duplicate.json()) as { errors: { path: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ path: 'email', code: 'taken' }),
    ]);
    const unknownEvent = await request('/api/admin/organisers', {
      method: 'POST',
      cookie: admin,
      origin: ORIGIN,
      body: { email: 'ny@norrvik.example', name: 'Ny', role: 'organiser', eventSlugs: ['finns-inte'] },
    });
    expect(unknownEvent.status).toBe(422);
    expect(auditCount()).toBe(before);
  });

  it('an organiser sees only their events and cannot manage organisers', async () => {
    const admin = await signIn();
    await createOrganiser(admin, { email: 'kim@norrvik.example', name: 'Kim', role: 'organiser', eventSlugs: [demoSlug()] });
    await createOrganiser(admin, { email: 'ola@norrvik.example', name: 'Ola', role: 'organiser' });
    const kim = await signIn('kim@norrvik.example');
    const ola = await signIn('ola@norrvik.example');
    const events = async (cookie: string) =>
      ((await (await request('/api/admin/events', { cookie })).json()) as { events: { slug: string }[] }).events.map((e) => e.slug);
    expect(await events(kim)).toEqual([demoSlug()]);
    expect(await events(ola)).toEqual([]);
    expect((await events(admin)).length).toBeGreaterThan(1);
    expect((await request('/api/admin/organisers', { cookie: kim })).status).toBe(403);
    const forbidden = await request('/api/admin/organisers', {
      method: 'POST',
      cookie: kim,
      origin: ORIGIN,
      body: { email: 'x@norrvik.example', name: 'X', role: 'admin' },
    });
    expect(forbidden.status).toBe(403);
    expect(
      ((await (await request('/api/admin/organisers', { cookie: admin })).json()) as { organisers: unknown[] }).organisers,
    ).toHaveLength(3);
  });

  it('records API token creation and revocation with the organiser who did it', async () => {
    const cookie = await signIn();
    const { id } = (await (
      await request('/api/admin/tokens', { method: 'POST', cookie, origin: ORIGIN, body: { name: 'rapport' } })
    ).json()) as { id: string };
    await request(`/api/admin/tokens/${id}`, { method: 'DELETE', cookie, origin: ORIGIN });
    const rows = harness.deps.sqlite
      .prepare('SELECT action, before_json, after_json FROM audit_log WHERE entity_id = ? ORDER BY created_at, action')
      .all(id);
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/mdg_/);
  });
});
