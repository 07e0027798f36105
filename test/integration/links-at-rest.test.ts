/**
 * No working link at rest: the real server (`bin/motesdagen.ts start`, NODE_ENV=production) sends through a fake
 * Resend while a company registers and its contact confirms by the emailed link, an organiser asks for a sign-in link and signs in with it, and a host is sent
 * their private link. The links the fake Resend received work; afterwards no text column of any table holds any of
 * their tokens, each delivered email is its stored row with only the sealed token opened, and organisers reading the
 * outbox see the company's links (confirmation and manage) without their tokens.
 */
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ORGANISER_EMAIL } from '../../db/demo-event.ts';
import { confirmThrough } from '../support/confirm.ts';
import { type AcceptedEmail, type FakeResend, startFakeResend } from '../support/fake-resend.ts';
import { type RunningServer, startNodeServer } from '../support/node-server.ts';
import { registrationBody } from '../support/registrations.ts';

let resend: FakeResend;
let server: RunningServer & { databasePath: string };

beforeAll(async () => {
  resend = await startFakeResend();
  server = await startNodeServer({
    NODE_ENV: 'production',
    RESEND_API_KEY: 're_test',
    RESEND_BASE_URL: resend.url,
    SIGN_IN_COOLDOWN_SECONDS: '0',
  });
});

afterAll(async () => {
  await server?.stop();
  await resend?.close();
});

const readDatabase = <T>(read: (sqlite: BetterSqlite3.Database) => T): T => {
  const sqlite = new BetterSqlite3(server.databasePath, { readonly: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
};

/** The stored row of a delivered email (the outbox id is the provider's idempotency key). */
const storedRow = (email: AcceptedEmail) =>
  readDatabase(
    (sqlite) =>
      sqlite.prepare('SELECT kind, html, text FROM outbox WHERE id = ?').get(email.idempotencyKey) as {
        kind: string;
        html: string;
        text: string;
      },
  );

/** Waits (the server drains its outbox every few seconds) for the delivered email of a kind to an address. */
async function delivered(kind: string, to: string): Promise<AcceptedEmail> {
  for (let i = 0; i < 300; i++) {
    for (const email of resend.accepted.filter((e) => e.to.includes(to))) if (storedRow(email)?.kind === kind) return email;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`no ${kind} email to ${to} reached the fake Resend`);
}

const tokenIn = (email: AcceptedEmail, path: string): string => {
  const pattern = new RegExp(`${path}([A-Za-z0-9_-]{43})\\b`);
  const inText = pattern.exec(email.text ?? '')?.[1];
  expect(inText, `a ${path} link in the text of "${email.subject}"`).toBeDefined();
  expect(pattern.exec(email.html ?? '')?.[1], 'the same link in the HTML').toBe(inText);
  return inText as string;
};

it('delivers working confirmation, manage, sign-in and host links while no table holds any of their tokens', async () => {
  const call = (path: string, init: RequestInit = {}) => fetch(`${server.baseUrl}${path}`, { redirect: 'manual', ...init });
  const json = { 'content-type': 'application/json' };
  const slug = ((await (await call('/api/events')).json()) as { events: { slug: string }[] }).events[0]?.slug as string;
  const event = (await (await call(`/api/events/${slug}`)).json()) as { sessions: { id: string }[] };

  // A company registers: the request to confirm carries the confirmation link; once the contact confirms, the
  // registration's confirmation carries the manage link.
  const body = registrationBody(9301, [{ sessionIds: [event.sessions[0]?.id as string] }]);
  const registered = await call(`/api/events/${slug}/registrations`, { method: 'POST', headers: json, body: JSON.stringify(body) });
  expect(registered.status).toBe(202);
  const confirmRequest = await delivered('registration_confirm_request', body.contact.email);
  const registrationId = /\/bekrafta\/([0-9a-f-]{36})\//.exec(confirmRequest.text ?? '')?.[1] as string;
  const confirmToken = tokenIn(confirmRequest, `/bekrafta/${registrationId}/`);
  expect((await call(`/bekrafta/${registrationId}/${confirmToken}`)).status).toBe(200);
  await confirmThrough(call, { id: registrationId, token: confirmToken });
  const confirmation = await delivered('registration_confirmed', body.contact.email);
  const manageToken = tokenIn(confirmation, '/hantera/');
  expect((await call(`/hantera/${manageToken}`)).status).toBe(200);
  expect((await call(`/api/registrations/${manageToken}`)).status).toBe(200);

  // An organiser asks for a sign-in link and signs in with the one delivered.
  expect(
    (await call('/api/admin/login', { method: 'POST', headers: json, body: JSON.stringify({ email: DEMO_ORGANISER_EMAIL }) })).status,
  ).toBe(202);
  const signInMail = await delivered('organiser_login', DEMO_ORGANISER_EMAIL);
  const loginToken = tokenIn(signInMail, '/admin/login/');
  const signedIn = await call(`/admin/login/${loginToken}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
    body: '',
  });
  expect(signedIn.status).toBe(303);
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] as string;

  // The organiser sends a host their private link.
  const { hosts } = (await (await call(`/api/admin/events/${slug}/hosts`, { headers: { cookie } })).json()) as {
    hosts: { id: string; email: string }[];
  };
  const host = hosts[0] as { id: string; email: string };
  const invited = await call(`/api/admin/events/${slug}/hosts/${host.id}/invite`, {
    method: 'POST',
    headers: { cookie, origin: server.baseUrl },
  });
  expect(invited.status).toBe(202);
  const invitation = await delivered('host_invitation', host.email);
  const hostToken = tokenIn(invitation, '/vard/');
  expect((await call(`/vard/${hostToken}`)).status).toBe(200);

  // Organisers read the company's confirmation in the event's outbox: the link's address, not its token.
  const asOrganiser = await (await call(`/admin/events/${slug}/utskick/${confirmation.idempotencyKey}`, { headers: { cookie } })).text();
  expect(asOrganiser).toContain(`${server.baseUrl}/hantera/…`);
  expect(asOrganiser).not.toContain(manageToken);
  expect(asOrganiser).not.toContain('~sealed~');
  const requestAsOrganiser = await (
    await call(`/admin/events/${slug}/utskick/${confirmRequest.idempotencyKey}`, { headers: { cookie } })
  ).text();
  expect(requestAsOrganiser).toContain(`${server.baseUrl}/bekrafta/${registrationId}/…`);
  expect(requestAsOrganiser).not.toContain(confirmToken);
  expect(requestAsOrganiser).not.toContain('~sealed~');

  // Each delivered email is its stored row, rendered once, with only the sealed token opened.
  for (const [email, token] of [
    [confirmRequest, confirmToken],
    [confirmation, manageToken],
    [signInMail, loginToken],
    [invitation, hostToken],
  ] as const) {
    const stored = storedRow(email);
    for (const part of ['html', 'text'] as const) {
      expect(stored[part]).toMatch(/~sealed~[A-Za-z0-9_.-]+~/);
      expect(stored[part].replace(/~sealed~[A-Za-z0-9_.-]+~/g, token)).toBe(email[part]);
    }
  }

  // No text in any column of any table holds a token the mail delivered.
  const found = readDatabase((sqlite) => {
    const hits: string[] = [];
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    for (const table of tables) {
      const columns = sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
      for (const column of columns) {
        for (const [name, token] of Object.entries({
          confirmation: confirmToken,
          manage: manageToken,
          'sign-in': loginToken,
          host: hostToken,
        })) {
          const count = sqlite.prepare(`SELECT count(*) FROM "${table}" WHERE instr(CAST("${column}" AS TEXT), ?) > 0`).pluck().get(token);
          if (Number(count) > 0) hits.push(`${name} token in ${table}.${column}`);
        }
      }
    }
    return hits;
  });
  expect(found).toEqual([]);
});
