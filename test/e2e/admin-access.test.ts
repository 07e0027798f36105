/**
 * Every admin page, listed from site/pages/admin (a new page fails this test until it is classified),
 * refuses anonymous visitors and expired, idle or revoked sessions (redirect to /admin, which shows only the
 * sign-in form) and the wrong role (403): an `organiser` on admin-only pages, an organiser not assigned to
 * the event on event pages. Form posts need the session's CSRF token and the same origin. Runs against the
 * real Node server (Astro renders the pages); organisers and sessions are written into its database file.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessFixtures as fx } from '../support/app.ts';
import { projectRoot } from '../support/node-server.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const HOUR = 3_600_000;

type Need = 'public' | 'signed-in' | 'admin' | 'event';
/** Every page below site/pages/admin and who may open it. */
const PAGES: Record<
  string,
  { need: Need; why?: string /** Status for an entitled user when the URL's other ids are unknown. */; control?: number }
> = {
  'index.astro': { need: 'signed-in', why: 'anonymous visitors get the sign-in form instead of the events list' },
  'login/[token].astro': { need: 'public', why: 'the page behind the emailed sign-in link' },
  'logout.astro': { need: 'signed-in' },
  'tokens.astro': { need: 'signed-in' },
  'organisers.astro': { need: 'admin' },
  'events/[slug]/audit.astro': { need: 'event' },
  'events/[slug]/synpunkter.astro': { need: 'event' },
  'events/[slug]/planering/index.astro': { need: 'event' },
  'events/[slug]/planering/scheman.astro': { need: 'event' },
  'events/[slug]/planering/besok/[id].astro': { need: 'event', control: 404, why: 'a visit id that does not exist' },
  'events/[slug]/planering/placera/[requestId].astro': { need: 'event', control: 404, why: 'a request id that does not exist' },
  'events/ny.astro': { need: 'signed-in', why: 'any organiser may create an event (and then manages it)' },
  'events/[slug]/index.astro': { need: 'event' },
  'events/[slug]/installningar.astro': { need: 'event' },
  'events/[slug]/program.astro': { need: 'event' },
  'events/[slug]/besokstider.astro': { need: 'event' },
  'events/[slug]/vardar/index.astro': { need: 'event' },
  'events/[slug]/vardar/[id].astro': {
    need: 'event',
    control: 404,
    why: 'a host id that does not exist (`ny` opens the form for a new host)',
  },
  'events/[slug]/vardar/import.astro': { need: 'event' },
  'events/[slug]/vardar/tillganglighet.astro': { need: 'event' },
  'events/[slug]/anmalningar/index.astro': { need: 'event' },
  'events/[slug]/anmalningar/[id].astro': { need: 'event', control: 404, why: 'a registration id that does not exist' },
  'events/[slug]/deltagare.astro': { need: 'event' },
  'events/[slug]/incheckning.astro': { need: 'event' },
  'events/[slug]/export.astro': { need: 'event' },
  'events/[slug]/utskick/index.astro': { need: 'event' },
  'events/[slug]/utskick/[id].astro': { need: 'event', control: 404, why: 'a message id that does not exist' },
};

function pageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? pageFiles(join(dir, entry.name)) : entry.name.endsWith('.astro') ? [join(dir, entry.name)] : [],
  );
}
const pagesDir = join(projectRoot, 'site/pages/admin');
const files = pageFiles(pagesDir).map((file) => relative(pagesDir, file).split('\\').join('/'));

let sqlite: BetterSqlite3.Database;
let demoSlug = '';
const cookies: Record<string, string> = {};

const urlOf = (file: string) =>
  `/admin/${file.replace(/\.astro$/, '').replace(/(^|\/)index$/, '')}`
    .replace(/\/$/, '')
    .replace('[slug]', demoSlug)
    .replace('[token]', 'x'.repeat(43))
    .replace(/\[(id|requestId)\]/g, 'finns-inte');

function get(path: string, cookie?: string) {
  return fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: cookie ? { cookie: `motesdagen_session=${cookie}` } : {} });
}
function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}, cookie?: string) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie: `motesdagen_session=${cookie}` } : {}),
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
}
const csrfFrom = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

beforeAll(async () => {
  sqlite = new BetterSqlite3(databasePath);
  sqlite.pragma('busy_timeout = 5000');
  demoSlug = (sqlite.prepare("SELECT slug FROM events WHERE slug LIKE 'stora-motesdagen-%'").get() as { slug: string }).slug;
  const now = Date.now();
  const admin = fx.organiser(sqlite, { email: 'pages-admin@norrvik.example', name: 'Sidans Admin', role: 'admin' });
  const assigned = fx.organiser(sqlite, {
    email: 'pages-assigned@norrvik.example',
    name: 'Tilldelad',
    role: 'organiser',
    eventSlugs: [demoSlug],
  });
  const outsider = fx.organiser(sqlite, { email: 'pages-outsider@norrvik.example', name: 'Utanför', role: 'organiser' });
  const disabled = fx.organiser(sqlite, { email: 'pages-disabled@norrvik.example', role: 'admin' });
  cookies.admin = await fx.session(sqlite, admin);
  cookies.assigned = await fx.session(sqlite, assigned);
  cookies.outsider = await fx.session(sqlite, outsider);
  cookies['expired session (7 days)'] = await fx.session(sqlite, admin, { expiresAt: new Date(now - 1000).toISOString() });
  cookies['idle session (8 hours)'] = await fx.session(sqlite, admin, { lastSeenAt: new Date(now - 8 * HOUR - 1000).toISOString() });
  cookies['revoked session'] = await fx.session(sqlite, admin, { revokedAt: new Date(now).toISOString() });
  cookies['disabled organiser'] = await fx.session(sqlite, disabled);
  sqlite.prepare('UPDATE organisers SET disabled_at = ? WHERE id = ?').run(new Date(now).toISOString(), disabled);
  cookies['unknown cookie'] = 'y'.repeat(43);
});
afterAll(() => {
  sqlite?.close();
});

describe('admin pages', () => {
  it('are all classified (a new page must say who may open it)', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(files.filter((file) => !PAGES[file])).toEqual([]);
  });

  for (const who of [
    'anonymous',
    'expired session (7 days)',
    'idle session (8 hours)',
    'revoked session',
    'disabled organiser',
    'unknown cookie',
  ]) {
    it(`refuse ${who}`, async () => {
      const cookie = who === 'anonymous' ? undefined : cookies[who];
      for (const file of files) {
        const { need } = PAGES[file] ?? { need: 'signed-in' };
        if (need === 'public') continue;
        const response = await get(urlOf(file), cookie);
        const label = `${file} as ${who}`;
        if (file === 'index.astro') {
          expect(response.status, label).toBe(200);
          const html = await response.text();
          expect(html, label).toContain('Logga in som arrangör');
          expect(html, label).not.toContain('Dina evenemang');
          expect(html, label).not.toContain('Logga ut');
        } else {
          expect(response.status, label).toBe(303);
          expect(response.headers.get('location'), label).toBe('/admin');
        }
        // A dead session cookie is forgotten.
        if (cookie)
          expect(response.headers.get('set-cookie') ?? '', label).toMatch(
            /motesdagen_session=[^;]*;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i,
          );
      }
    });
  }

  it('refuse the wrong role with 403 and show none of the page', async () => {
    for (const file of files) {
      const { need } = PAGES[file] ?? { need: 'signed-in' };
      if (need !== 'admin' && need !== 'event') continue;
      const response = await get(urlOf(file), cookies.outsider);
      expect(response.status, file).toBe(403);
      const html = await response.text();
      expect(html, file).toContain('Du har inte behörighet');
      expect(html, file).not.toContain('<table');
    }
  });

  it('open for the right role (the control)', async () => {
    for (const file of files) {
      const { need } = PAGES[file] ?? { need: 'signed-in' };
      if (need === 'public' || file === 'logout.astro') continue;
      const response = await get(urlOf(file), cookies.admin);
      expect(response.status, file).toBe(PAGES[file]?.control ?? 200);
      expect(await response.text(), file).toContain('Logga ut');
    }
    expect((await get(urlOf('events/[slug]/audit.astro'), cookies.assigned)).status).toBe(200);
    expect((await get('/admin/events/finns-inte/audit', cookies.admin)).status).toBe(404);
    const home = await (await get('/admin', cookies.outsider)).text();
    expect(home).toContain('Du är inte arrangör för något evenemang');
    expect(home).not.toContain('Arrangörer</a>');
  });

  it('show a used or unknown sign-in link as unusable without using anything up', async () => {
    const response = await get(urlOf('login/[token].astro'));
    expect(response.status).toBe(410);
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(await response.text()).toContain('Länken fungerar inte längre');
  });
});

describe('form posts on admin pages', () => {
  const tokenCount = () => (sqlite.prepare("SELECT count(*) AS n FROM api_tokens WHERE name = 'csrf-check'").get() as { n: number }).n;

  it('refuse a cross-site post even with the right CSRF token, and a same-site post without it', async () => {
    const csrf = csrfFrom(await (await get('/admin/tokens', cookies.admin)).text());
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const form = { csrf, action: 'create', name: 'csrf-check', expiry: '30' };
    const crossSite = await post('/admin/tokens', form, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, cookies.admin);
    expect(crossSite.status).toBe(403);
    const noToken = await post('/admin/tokens', { ...form, csrf: '' }, { origin: baseUrl }, cookies.admin);
    expect(noToken.status).toBe(403);
    // Another session's token does not fit this session.
    const otherCsrf = csrfFrom(await (await get('/admin/tokens', cookies.assigned)).text());
    const wrongSession = await post('/admin/tokens', { ...form, csrf: otherCsrf }, { origin: baseUrl }, cookies.admin);
    expect(wrongSession.status).toBe(403);
    expect(tokenCount()).toBe(0);

    const genuine = await post('/admin/tokens', form, { origin: baseUrl, 'sec-fetch-site': 'same-origin' }, cookies.admin);
    expect(genuine.status).toBe(200);
    expect(await genuine.text()).toMatch(/value="mdg_[A-Za-z0-9_-]{43}"/);
    expect(tokenCount()).toBe(1);
  });

  it('refuse a forged sign-out, and a cross-site use of a sign-in link leaves the link usable', async () => {
    const forged = await post('/admin/logout', { csrf: 'nope' }, { origin: 'https://evil.example' }, cookies.assigned);
    expect(forged.status).toBe(403);
    expect((await get('/admin/tokens', cookies.assigned)).status).toBe(200);

    const { id } = sqlite.prepare('SELECT id FROM organisers WHERE email = ?').get('pages-assigned@norrvik.example') as { id: string };
    const token = 'L'.repeat(43);
    const { hashSecret } = await import('../../src/domain/ids.ts');
    sqlite
      .prepare('INSERT INTO login_tokens (id, organiser_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(crypto.randomUUID(), id, await hashSecret(token), new Date(Date.now() + 10 * 60_000).toISOString(), new Date().toISOString());
    const crossSite = await post(`/admin/login/${token}`, {}, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect((await get(`/admin/login/${token}`)).status).toBe(200);
    const genuine = await post(`/admin/login/${token}`, {}, { origin: baseUrl });
    expect(genuine.status).toBe(303);
    expect(genuine.headers.get('set-cookie')).toMatch(/^motesdagen_session=[A-Za-z0-9_-]{43}; .*HttpOnly/);
    expect(genuine.headers.get('set-cookie')).toMatch(/SameSite=Lax/);
    expect((await get(`/admin/login/${token}`)).status).toBe(410);
  });
});
