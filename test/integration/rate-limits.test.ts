/**
 * Rate limits on the running server, over HTTP: the client address read through a trusted proxy (and only
 * then), separate buckets for public, signed-in and webhook traffic, a sign-in cooldown per client address and
 * per email address, and at most two live sign-in links per organiser.
 */
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeTarget } from '../support/edge-server.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { type RunningServer, startNodeServer } from '../support/node-server.ts';
import { externalAddress, rawRequest } from '../support/raw-http.ts';

let server: RunningServer & { databasePath: string };

beforeAll(async () => {
  server = await startNodeServer({
    TRUSTED_PROXIES: '127.0.0.1, ::1',
    RATE_LIMIT_WRITES_PER_MINUTE: '3',
    RATE_LIMIT_SIGNED_IN_WRITES_PER_MINUTE: '3',
    RATE_LIMIT_WEBHOOKS_PER_MINUTE: '3',
    SIGN_IN_COOLDOWN_SECONDS: '60',
  });
});
afterAll(() => server?.stop());

const post = (path: string, client: string | undefined, body: unknown = {}, host?: string) =>
  rawRequest(`${server.baseUrl}${path}`, {
    method: 'POST',
    host,
    headers: { 'content-type': 'application/json', ...(client ? { 'x-forwarded-for': client } : {}) },
    body: JSON.stringify(body),
  });

describe('rate limits', () => {
  it('tells clients behind a trusted proxy apart by X-Forwarded-For', async () => {
    const register = `/api/events/${CAPACITY_EVENT}/registrations`;
    for (let i = 0; i < 3; i++) expect((await post(register, '198.51.100.1')).status).toBe(422);
    const limited = await post(register, '198.51.100.1');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    // Another client behind the same proxy, and the proxy's own chain (nearest untrusted hop counts).
    expect((await post(register, '198.51.100.2')).status).toBe(422);
    expect((await post(register, '198.51.100.1, 127.0.0.1')).status).toBe(429);
    expect((await post(register, '203.0.113.50, 198.51.100.1')).status).toBe(429);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const address = await externalAddress();
    if (!address) return;
    const register = `/api/events/${CAPACITY_EVENT}/registrations`;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await post(register, `198.51.100.${100 + i}`, {}, address)).status);
    expect(answers).toEqual([422, 422, 422, 429, 429]);
  });

  it('counts public, signed-in and webhook writes in separate buckets', async () => {
    const client = '198.51.100.3';
    for (let i = 0; i < 3; i++) await post(`/api/events/${CAPACITY_EVENT}/registrations`, client);
    expect((await post(`/api/events/${CAPACITY_EVENT}/registrations`, client)).status).toBe(429);
    // The public allowance is spent; organisers' writes and webhooks from the same address still go through.
    expect((await post('/api/admin/events', client)).status).toBe(401);
    expect((await post('/api/webhooks/resend', client)).status).toBe(503);
    for (let i = 0; i < 2; i++) await post('/api/admin/events', client);
    expect((await post('/api/admin/events', client)).status).toBe(429);
  });

  it('lets a client ask for one sign-in link per cooldown, and makes one new link per address per cooldown', async () => {
    const email = 'nedkylning@norrvik.example';
    const sqlite = new BetterSqlite3(server.databasePath);
    sqlite
      .prepare('INSERT INTO organisers (id, email, name, role, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(crypto.randomUUID(), email, 'Ned Kylning', 'organiser', new Date().toISOString());
    const links = () =>
      (
        sqlite
          .prepare('SELECT count(*) AS n FROM login_tokens JOIN organisers o ON o.id = login_tokens.organiser_id WHERE o.email = ?')
          .get(email) as { n: number }
      ).n;
    try {
      expect((await post('/api/admin/login', '198.51.100.4', { email })).status).toBe(202);
      const again = await post('/api/admin/login', '198.51.100.4', { email });
      expect(again.status).toBe(429);
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(30);
      // Another client asks for the same address at once: the same answer, but no second email.
      expect((await post('/api/admin/login', '198.51.100.5', { email })).status).toBe(202);
      expect(links()).toBe(1);
    } finally {
      sqlite.close();
    }
  });

  it('keeps at most two live sign-in links per organiser, retiring the older ones', async () => {
    const email = 'tva-lankar@norrvik.example';
    const sqlite = new BetterSqlite3(server.databasePath);
    try {
      const organiserId = crypto.randomUUID();
      const old = new Date(Date.now() - 5 * 60_000);
      sqlite
        .prepare('INSERT INTO organisers (id, email, name, role, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(organiserId, email, 'Två Länkar', 'organiser', old.toISOString());
      for (let i = 0; i < 3; i++) {
        sqlite
          .prepare('INSERT INTO login_tokens (id, organiser_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(
            crypto.randomUUID(),
            organiserId,
            `hash-${i}-${organiserId}`,
            new Date(Date.now() + 10 * 60_000).toISOString(),
            new Date(old.getTime() + i * 1000).toISOString(),
          );
      }
      expect((await post('/api/admin/login', '198.51.100.6', { email })).status).toBe(202);
      const live = sqlite
        .prepare('SELECT token_hash FROM login_tokens WHERE organiser_id = ? AND used_at IS NULL ORDER BY created_at')
        .all(organiserId) as { token_hash: string }[];
      expect(live).toHaveLength(2);
      expect(live[0]?.token_hash).toBe(`hash-2-${organiserId}`);
    } finally {
      sqlite.close();
    }
  });
});

describe('rate limits at the edge (wrangler dev), where Cloudflare names the client in CF-Connecting-IP', () => {
  let edge: RunningServer;
  beforeAll(async () => {
    edge = await startEdgeTarget({
      RATE_LIMIT_WRITES_PER_MINUTE: '3',
      RATE_LIMIT_SIGNED_IN_WRITES_PER_MINUTE: '3',
      RATE_LIMIT_WEBHOOKS_PER_MINUTE: '3',
      SIGN_IN_COOLDOWN_SECONDS: '60',
    });
  }, 180_000);
  afterAll(() => edge?.stop());

  const send = (path: string, client: string, body: unknown = {}) =>
    rawRequest(`${edge.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': client },
      body: JSON.stringify(body),
    });

  it('counts each client apart, and public, signed-in and webhook writes in separate buckets', async () => {
    const register = `/api/events/${CAPACITY_EVENT}/registrations`;
    for (let i = 0; i < 3; i++) expect((await send(register, '198.51.100.21')).status).toBe(422);
    expect((await send(register, '198.51.100.21')).status).toBe(429);
    expect((await send(register, '198.51.100.22')).status).toBe(422);
    expect((await send('/api/admin/events', '198.51.100.21')).status).toBe(401);
    expect((await send('/api/webhooks/resend', '198.51.100.21')).status).toBe(503);
  });

  it('lets a client ask for one sign-in link per cooldown', async () => {
    expect((await send('/api/admin/login', '198.51.100.23', { email: 'nobody@norrvik.example' })).status).toBe(202);
    expect((await send('/api/admin/login', '198.51.100.23', { email: 'nobody@norrvik.example' })).status).toBe(429);
    expect((await send('/api/admin/login', '198.51.100.24', { email: 'nobody@norrvik.example' })).status).toBe(202);
  });
});
