/**
 * The organisers' set-up pages in Chromium: add a session through the program page, import hosts from a
 * CSV with one bad row (the preview flags it, confirming saves the rest), and axe-core finds no WCAG 2.1 AA
 * violation on any set-up page. Screenshots at 1366×768 go to test-results/screens/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessFixtures as fx } from '../support/app.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { projectRoot } from '../support/node-server.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const shots = join(projectRoot, 'test-results/screens');
let browser: Browser;
let context: BrowserContext;
let sqlite: BetterSqlite3.Database;
let slug = '';
let topicName = '';
let zoneName = '';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  sqlite = new BetterSqlite3(databasePath);
  sqlite.pragma('busy_timeout = 5000');
  const event = sqlite.prepare("SELECT id, slug FROM events WHERE slug LIKE 'stora-motesdagen-%'").get() as { id: string; slug: string };
  slug = event.slug;
  topicName = (sqlite.prepare('SELECT name_sv FROM topics WHERE event_id = ? ORDER BY sort LIMIT 1').get(event.id) as { name_sv: string })
    .name_sv;
  zoneName = (sqlite.prepare('SELECT name FROM zones WHERE event_id = ? ORDER BY name LIMIT 1').get(event.id) as { name: string }).name;
  const organiser = fx.organiser(sqlite, { email: 'setup-e2e@norrvik.example', name: 'Sara Setup', role: 'organiser', eventSlugs: [slug] });
  const session = await fx.session(sqlite, organiser);
  browser = await launchBrowser();
  // bypassCSP: axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  await context.addCookies([{ name: 'motesdagen_session', value: session, url: baseUrl }]);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  sqlite?.close();
});

async function checked(page: Page, name: string, screenshot = false) {
  expect(await page.getAttribute('html', 'lang')).toBe('sv');
  expect(await axeViolations(page), name).toEqual([]);
  if (screenshot) await page.screenshot({ path: join(shots, `admin-setup-${name}.png`) });
}

describe('the organisers’ set-up pages', () => {
  it('add a session on the program page', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin`);
    await page
      .getByRole('link', { name: /^Stora Mötesdagen/ })
      .first()
      .click();
    await page.waitForURL(`${baseUrl}/admin/events/${slug}`);
    await checked(page, 'overview');
    await page
      .getByRole('navigation', { name: /^Delar av/ })
      .getByRole('link', { name: 'Program', exact: true })
      .click();
    await page.waitForURL(`${baseUrl}/admin/events/${slug}/program`);
    await checked(page, 'program', true);

    await page.getByLabel('Titel (svenska)').fill('Dialog om kompetensförsörjning');
    await page.getByLabel('Titel (engelska)').fill('Dialogue on skills supply');
    await page.getByLabel('Seminarium').check();
    await page.getByLabel('Börjar').fill('14:15');
    await page.getByLabel('Slutar').fill('15:00');
    await page.getByLabel('Lokal').fill('Sal Kompetens');
    await page.getByLabel('Platser').fill('25');
    await page.getByRole('button', { name: 'Lägg till programpunkten' }).click();
    await page.waitForURL(/\/program\?sparad=/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Dialog om kompetensförsörjning');
    const row = page.locator('tr', { hasText: 'Dialog om kompetensförsörjning' });
    await expect(row.textContent()).resolves.toContain('14:15–15:00');
    await expect(row.textContent()).resolves.toContain('0 av 25');
    const stored = sqlite.prepare("SELECT starts_at, kind, room FROM sessions WHERE title_sv = 'Dialog om kompetensförsörjning'").get() as {
      starts_at: string;
      kind: string;
      room: string;
    };
    expect(stored).toMatchObject({ kind: 'seminar', room: 'Sal Kompetens' });
    expect(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', timeStyle: 'short' }).format(new Date(stored.starts_at))).toBe(
      '14:15',
    );

    // A mistake is shown beside its field and in the summary.
    await page.getByLabel('Titel (svenska)').fill('Utan slut');
    await page.getByLabel('Titel (engelska)').fill('No end');
    await page.getByLabel('Börjar').fill('10:00');
    await page.getByLabel('Slutar').fill('09:00');
    await page.getByRole('button', { name: 'Lägg till programpunkten' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Sluttiden måste vara efter starttiden.');
    await expect(page.locator('#f-endTime-error').textContent()).resolves.toContain('Sluttiden måste vara efter starttiden.');
    await checked(page, 'program-error');
    await page.close();
  });

  it('import hosts from CSV: the preview flags the bad row, confirming saves the rest', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/events/${slug}/vardar`);
    await checked(page, 'hosts');
    await page.getByRole('link', { name: 'Importera värdar från fil' }).click();
    await page.waitForURL(`${baseUrl}/admin/events/${slug}/vardar/import`);
    await checked(page, 'import');
    const template = await page.request.get(`${baseUrl}/admin/events/${slug}/vardar/mall.csv`);
    expect(template.status()).toBe(200);
    expect((await template.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const csv = [
      'namn;e-post;typ;parti;roller;förvaltning;titel;ämnen;max besök per dag;startzon',
      `Import Ett;import.ett@norrvik.example;politiker;Importpartiet;Ledamot;;;${topicName};2;${zoneName}`,
      'Import Fel;import.fel@norrvik.example;tjänsteperson;;;;;;;',
      `"Import, Två";import.tva@norrvik.example;tjänsteperson;;;Miljöförvaltningen;Inspektör;${topicName};;`,
    ].join('\r\n');
    await page
      .getByLabel('CSV-fil')
      .setInputFiles({ name: 'vardar.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') });
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await expect(page.getByRole('heading', { name: 'Förhandsgranskning' }).isVisible()).resolves.toBe(true);
    const bad = page.locator('tr', { hasText: 'import.fel@norrvik.example' });
    await expect(bad.textContent()).resolves.toContain('Hoppas över');
    await expect(bad.textContent()).resolves.toContain('En tjänsteperson behöver en förvaltning.');
    await expect(bad.locator('th').textContent()).resolves.toBe('3');
    expect((sqlite.prepare("SELECT count(*) AS n FROM hosts WHERE email LIKE 'import.%'").get() as { n: number }).n).toBe(0);
    await checked(page, 'import-preview', true);

    await page.getByRole('button', { name: /^Spara 2 värdar/ }).click();
    await page.waitForURL(/\/vardar\/import\?nya=2/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('2 värdar lades till');
    const saved = sqlite.prepare("SELECT name FROM hosts WHERE email LIKE 'import.%' ORDER BY name").all() as { name: string }[];
    expect(saved.map((h) => h.name)).toEqual(['Import Ett', 'Import, Två']);
    await page.goto(`${baseUrl}/admin/events/${slug}/vardar`);
    await expect(page.locator('table').textContent()).resolves.toContain('Import, Två');
    await page.close();
  });

  it('the availability grid saves every host at once', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/events/${slug}/vardar/tillganglighet`);
    await checked(page, 'availability', true);
    const box = page.getByRole('checkbox', { name: /^Import Ett, / }).first();
    const label = (await box.getAttribute('aria-label')) ?? '';
    await box.check();
    await page.getByRole('button', { name: 'Spara tillgängligheten' }).click();
    await page.waitForURL(/tillganglighet\?sparad=/);
    await expect(page.getByRole('checkbox', { name: label }).isChecked()).resolves.toBe(true);
    const n = sqlite
      .prepare(
        "SELECT count(*) AS n FROM host_availability a JOIN hosts h ON h.id = a.host_id WHERE h.email = 'import.ett@norrvik.example'",
      )
      .get() as { n: number };
    expect(n.n).toBe(1);
    await page.close();
  });

  it('have no WCAG 2.1 AA violations: settings, visit set-up, host form, new event', async () => {
    const page = await context.newPage();
    for (const [path, name] of [
      [`/admin/events/${slug}/installningar`, 'settings'],
      [`/admin/events/${slug}/besokstider`, 'visit-setup'],
      [`/admin/events/${slug}/vardar/ny`, 'host-new'],
      ['/admin/events/ny', 'event-new'],
    ] as const) {
      const response = await page.goto(`${baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      await checked(page, name);
    }
    await page.close();
  });
});
