/**
 * Secrets never reach a log line: the real server (`bin/motesdagen.ts start`, NODE_ENV=production, as deployed)
 * runs with its stdout and stderr captured while a company registers and uses its manage link, an organiser signs
 * in with an emailed link and creates an API token, a host opens their private page and subscribes to their feed,
 * and unknown tokens are tried on every kind of secret link. Afterwards none of the secrets (manage, host, feed,
 * login, session and API tokens, the Idempotency-Key, the unknown tokens) appears anywhere in the output.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ORGANISER_EMAIL } from '../../db/demo-event.ts';
import { newSecret } from '../../src/domain/ids.ts';
import { createPrivateLinks } from '../../src/mail/private-links.ts';
import { confirmationLinkIn, confirmThrough } from '../support/confirm.ts';
import { freePort, projectRoot, waitForHealth } from '../support/node-server.ts';
import { registrationBody } from '../support/registrations.ts';

const dir = mkdtempSync(join(tmpdir(), 'motesdagen-token-logs-'));
const databasePath = join(dir, 'logs.sqlite');
let child: ChildProcess | undefined;
let baseUrl = '';
let output = '';

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [join(projectRoot, 'bin/motesdagen.ts'), 'start'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      PUBLIC_URL: baseUrl,
      RATE_LIMIT_WRITES_PER_MINUTE: '10000',
      RESEND_API_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await waitForHealth(baseUrl, child, () => output);
});

afterAll(async () => {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

async function stopServer(): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child?.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

function call(
  path: string,
  init: { method?: string; body?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  return fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
}

/**
 * The newest queued email of a kind to an address as it would be sent: read from the server's own database (the
 * outbox), its private links opened with the key the server keeps beside the database.
 */
async function lastMail(kind: string, to: string): Promise<string> {
  const privateLinks = createPrivateLinks(readFileSync(join(dir, 'link-secret'), 'utf8').trim());
  const sqlite = new BetterSqlite3(databasePath, { readonly: true });
  try {
    const row = sqlite
      .prepare('SELECT text FROM outbox WHERE kind = ? AND to_address = ? COLLATE NOCASE ORDER BY created_at DESC LIMIT 1')
      .get(kind, to) as { text: string } | undefined;
    if (!row) throw new Error(`no ${kind} email to ${to}`);
    return await privateLinks.open(row.text);
  } finally {
    sqlite.close();
  }
}

const tokenIn = (text: string, pattern: RegExp): string => {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`no ${pattern} in:\n${text}`);
  return match[1];
};

it('logs none of the manage, feed, login, session or API tokens, nor unknown ones', async () => {
  const secrets = new Map<string, string>();

  // A company registers and uses its manage link.
  const events = (await (await call('/api/events')).json()) as { events: { slug: string }[] };
  const slug = events.events[0]?.slug as string;
  const event = (await (await call(`/api/events/${slug}`)).json()) as { sessions: { id: string }[] };
  const idempotencyKey = `logs-${newSecret()}`;
  secrets.set('Idempotency-Key', idempotencyKey);
  const registered = await call(`/api/events/${slug}/registrations`, {
    method: 'POST',
    headers: { 'idempotency-key': idempotencyKey },
    body: registrationBody(9101, [{ sessionIds: [event.sessions[0]?.id as string] }]),
  });
  expect(registered.status).toBe(202);
  const link = confirmationLinkIn(await lastMail('registration_confirm_request', registrationBody(9101, []).contact.email));
  secrets.set('confirmation token', link.token);
  expect((await call(`/bekrafta/${link.id}/${link.token}`)).status).toBe(200);
  const { token: manageToken } = await confirmThrough((path, init) => fetch(`${baseUrl}${path}`, init), link);
  secrets.set('manage token', manageToken);
  expect((await call(`/hantera/${manageToken}`)).status).toBe(200);
  expect((await call(`/api/registrations/${manageToken}`)).status).toBe(200);
  expect((await call(`/api/registrations/${manageToken}/calendar.ics`)).status).toBe(200);

  // An organiser asks for a sign-in link, opens it and signs in.
  expect((await call('/api/admin/login', { method: 'POST', body: { email: DEMO_ORGANISER_EMAIL } })).status).toBe(202);
  const loginToken = tokenIn(await lastMail('organiser_login', DEMO_ORGANISER_EMAIL), /\/admin\/login\/([A-Za-z0-9_-]{43})/);
  secrets.set('login token', loginToken);
  expect((await call(`/admin/login/${loginToken}`)).status).toBe(200);
  const signedIn = await call(`/admin/login/${loginToken}`, { method: 'POST', form: {}, headers: { origin: baseUrl } });
  expect(signedIn.status).toBe(303);
  const sessionToken = tokenIn(signedIn.headers.get('set-cookie') ?? '', /motesdagen_session=([A-Za-z0-9_-]+)/);
  secrets.set('session token', sessionToken);
  const cookie = { cookie: `motesdagen_session=${sessionToken}` };
  expect((await call('/admin', { headers: cookie })).status).toBe(200);

  // … creates an API token and uses it.
  const created = await call('/api/admin/tokens', { method: 'POST', body: { name: 'loggtest' }, headers: { ...cookie, origin: baseUrl } });
  expect(created.status).toBe(201);
  const apiToken = ((await created.json()) as { token: string }).token;
  secrets.set('API token', apiToken);
  const bearer = { authorization: `Bearer ${apiToken}` };
  expect((await call('/api/admin/me', { headers: bearer })).status).toBe(200);
  const hosts = (await (await call(`/api/admin/events/${slug}/hosts`, { headers: bearer })).json()) as {
    hosts: { id: string; email: string }[];
  };
  const host = hosts.hosts[0] as { id: string; email: string };

  // A host gets their private link, opens it and subscribes to their calendar feed.
  expect((await call(`/api/admin/events/${slug}/hosts/${host.id}/invite`, { method: 'POST', headers: bearer })).status).toBe(202);
  const hostToken = tokenIn(await lastMail('host_invitation', host.email), /\/vard\/([A-Za-z0-9_-]{43})/);
  secrets.set('host token', hostToken);
  expect((await call(`/vard/${hostToken}`)).status).toBe(200);
  const feedPage = await call(`/vard/${hostToken}`, { method: 'POST', form: { _action: 'feed' }, headers: { origin: baseUrl } });
  expect(feedPage.status).toBe(200);
  const feedToken = tokenIn(await feedPage.text(), /\/api\/feeds\/hosts\/([A-Za-z0-9_-]{43})\.ics/);
  secrets.set('feed token', feedToken);
  expect((await call(`/api/feeds/hosts/${feedToken}.ics`)).status).toBe(200);

  // Unknown tokens on every kind of secret link, in the path and in a query string.
  const unknown = (name: string) => {
    const token = newSecret();
    secrets.set(`unknown ${name}`, token);
    return token;
  };
  expect((await call(`/hantera/${unknown('manage page')}`)).status).toBe(404);
  expect((await call(`/en/hantera/${unknown('English manage page')}`)).status).toBe(404);
  expect((await call(`/api/registrations/${unknown('registration')}`)).status).toBe(404);
  expect((await call(`/api/registrations/${unknown('calendar')}/calendar.ics`)).status).toBe(404);
  expect((await call(`/api/feeds/hosts/${unknown('feed')}.ics`)).status).toBe(404);
  expect((await call(`/vard/${unknown('host page')}`)).status).toBe(404);
  expect((await call(`/admin/login/${unknown('login link')}`)).status).toBe(410);
  expect((await call('/api/admin/me', { headers: { authorization: `Bearer mdg_${unknown('API token')}` } })).status).toBe(401);
  expect((await call('/api/admin/me', { headers: { cookie: `motesdagen_session=${unknown('session')}` } })).status).toBe(401);
  expect((await call(`/api/no-such-route?token=${unknown('query API')}`)).status).toBe(404);
  expect((await call(`/no-such-page/${unknown('page path')}?token=${unknown('query page')}`)).status).toBe(404);

  // Everything the process wrote, including what it writes as it shuts down.
  await stopServer();
  expect(output.trim(), 'the server wrote its start-up lines').not.toBe('');
  expect(output).toContain('Mötesdagen is running');
  for (const [name, secret] of secrets) expect(output, `the ${name} is in the server output`).not.toContain(secret);
  // Nor any other secret link (e.g. a sign-in link printed at start), whichever token it carries.
  expect(output).not.toMatch(/\/(hantera|vard|admin\/login|feeds\/hosts|registrations)\/[A-Za-z0-9_-]{20,}/);
  expect(output).not.toMatch(/mdg_[A-Za-z0-9_-]{20,}/);
});
