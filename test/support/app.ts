/**
 * The Node runtime's app in-process (no HTTP server, no Astro): real services on a real SQLite file with
 * the demo event and the test fixtures, for integration tests that also look inside the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDemoRegistrations } from '../../db/demo-registrations.ts';
import { createApp } from '../../src/api/app.ts';
import type { Clock } from '../../src/deps.ts';
import { hashSecret, newSecret } from '../../src/domain/ids.ts';
import { createServices } from '../../src/domain/services.ts';
import { createPrivateLinks } from '../../src/mail/private-links.ts';
import { createNodeDeps, seedDemoIfEmpty } from '../../src/runtime/node.ts';
import { fixtureQueries } from './fixtures.ts';

/** `options.clock`: a controllable clock (expiry tests); defaults to the system clock. */
export async function createTestApp(env: Record<string, string> = {}, options: { clock?: Clock } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'motesdagen-app-'));
  const deps = createNodeDeps({
    databasePath: join(dir, 'test.sqlite'),
    env: {
      RATE_LIMIT_WRITES_PER_MINUTE: '100000',
      RATE_LIMIT_SIGNED_IN_WRITES_PER_MINUTE: '100000',
      SIGN_IN_COOLDOWN_SECONDS: '0',
      ...env,
    },
    publicUrl: 'http://localhost:4321',
    clock: options.clock,
  });
  await seedDemoIfEmpty(deps);
  await deps.batch.run(fixtureQueries(deps.clock.now()));
  const app = createApp({
    services: createServices(deps),
    assets: async (_c, next) => next(),
    peerAddress: (c) => c.req.header('x-test-client') ?? 'test',
    renderPage: async () => new Response('page', { status: 200 }),
  });
  /** Row counts of every table that a registration writes to. */
  const counts = () =>
    Object.fromEntries(
      [
        'registrations',
        'attendees',
        'session_places',
        'visit_requests',
        'outbox',
        'calendar_items',
        'idempotency_keys',
        'registration_topics',
      ].map((table) => [table, (deps.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]),
    );
  const privateLinks = createPrivateLinks(deps.config.linkSecret);
  return {
    app,
    deps,
    counts,
    /** A stored message's text as it is sent: the outbox keeps private links sealed (src/mail/private-links.ts). */
    asSent: (text: string) => privateLinks.open(text),
    async close() {
      await deps.db.destroy();
      // Retried: the background checkpoint thread may still be writing the WAL's index as the files go.
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/** The part of a better-sqlite3 database the access fixtures below need. */
interface SqliteLike {
  prepare(sql: string): { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown };
}

/**
 * Access fixtures written straight into a database (the in-process app's, or the e2e server's file): an
 * organiser with a role and events, a browser session and an API token in any state. Each secret is returned
 * once and stored only as its SHA-256, as the product does.
 */
/** A JSON request to the app as an API client sends it: optional bearer token and language. */
export function jsonRequest(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  path: string,
  init: { method?: string; body?: unknown; bearer?: string; lang?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.bearer) headers.authorization = `Bearer ${init.bearer}`;
  if (init.lang) headers['accept-language'] = init.lang;
  return app.request(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

export const accessFixtures = {
  organiser(sqlite: SqliteLike, input: { email: string; name?: string; role: 'admin' | 'organiser'; eventSlugs?: string[] }): string {
    const id = crypto.randomUUID();
    sqlite
      .prepare('INSERT INTO organisers (id, email, name, role, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, input.email, input.name ?? input.email, input.role, new Date().toISOString());
    for (const slug of input.eventSlugs ?? []) {
      sqlite.prepare('INSERT INTO event_organisers (event_id, organiser_id) SELECT id, ? FROM events WHERE slug = ?').run(id, slug);
    }
    return id;
  },
  async session(
    sqlite: SqliteLike,
    organiserId: string,
    at: { now?: Date; lastSeenAt?: string; expiresAt?: string; revokedAt?: string | null } = {},
  ): Promise<string> {
    const now = at.now ?? new Date();
    const token = newSecret();
    sqlite
      .prepare(
        'INSERT INTO organiser_sessions (id, organiser_id, token_hash, created_at, last_seen_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        crypto.randomUUID(),
        organiserId,
        await hashSecret(token),
        now.toISOString(),
        at.lastSeenAt ?? now.toISOString(),
        at.expiresAt ?? new Date(now.getTime() + 7 * 86_400_000).toISOString(),
        at.revokedAt ?? null,
      );
    return token;
  },
  async apiToken(
    sqlite: SqliteLike,
    organiserId: string,
    at: { expiresAt?: string | null; revokedAt?: string | null } = {},
  ): Promise<string> {
    const token = `mdg_${newSecret()}`;
    sqlite
      .prepare(
        'INSERT INTO api_tokens (id, organiser_id, name, token_hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        crypto.randomUUID(),
        organiserId,
        'test',
        await hashSecret(token),
        new Date().toISOString(),
        at.expiresAt ?? null,
        at.revokedAt ?? null,
      );
    return token;
  },
};

/** The demo event on a fresh test app with `registrations` demo companies asking for visits: the planning tests' start. */
export async function demoEventWithRequests(registrations: number) {
  const harness = await createTestApp();
  const services = createServices(harness.deps);
  const { slug } = await harness.deps.db
    .selectFrom('events')
    .select('slug')
    .where('slug', 'like', 'stora-motesdagen-%')
    .executeTakeFirstOrThrow();
  const added = await addDemoRegistrations(services, slug, registrations);
  if (added !== registrations) throw new Error(`only ${added} of ${registrations} demo registrations were added`);
  return { harness, services, slug };
}
