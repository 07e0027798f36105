/**
 * The guards in a real browser: the contact's confirmation page (what the click does, a button that works without
 * JavaScript, then the manage page) on a phone, and the organisers' "Pausa anmälan" switch on the event's overview,
 * which closes the public form with a clear Swedish notice and reopens it. axe-core (WCAG 2.1 AA) on each page.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ORGANISER_EMAIL } from '../../db/demo-event.ts';
import { signInAsOrganiser } from '../support/admin-sign-in.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { confirmationLinkFromMailbox } from '../support/confirm.ts';
import { registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const slug = 'pausdagen-e2e';
let browser: Browser;

const register = (n: number) =>
  fetch(`${baseUrl}/api/events/${slug}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(registrationBody(n, [{ sessionIds: [`${slug}-pass`] }])),
  });

beforeAll(async () => {
  // An event of its own, organised by the demo organiser, so pausing it holds up no other test.
  const sqlite = new BetterSqlite3(databasePath);
  sqlite.pragma('busy_timeout = 5000');
  const now = Date.now();
  const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
  const organiser = sqlite.prepare('SELECT id FROM organisers WHERE email = ?').pluck().get(DEMO_ORGANISER_EMAIL) as string;
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO events (id, slug, name, venue_name, venue_address, starts_at, ends_at, registration_opens_at, registration_closes_at,
           status, organiser_name, organiser_email, created_at, updated_at)
         VALUES (?, ?, 'Pausdagen', 'Stadshuset', 'Storgatan 1, 611 30 Norrvik', ?, ?, ?, ?, 'published', 'Testkontoret', 'test@norrvik.example', ?, ?)`,
      )
      .run(`event-${slug}`, slug, at(60), at(60.3), at(-1), at(50), at(0), at(0));
    sqlite
      .prepare(
        `INSERT INTO sessions (id, event_id, title_sv, title_en, starts_at, ends_at, room, capacity, created_at, updated_at)
         VALUES (?, ?, 'Frukostmöte', 'Breakfast meeting', ?, ?, 'Sal 1', 40, ?, ?)`,
      )
      .run(`${slug}-pass`, `event-${slug}`, at(60), at(60.1), at(0), at(0));
    sqlite.prepare('INSERT INTO event_organisers (event_id, organiser_id) VALUES (?, ?)').run(`event-${slug}`, organiser);
  })();
  sqlite.close();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  const sqlite = new BetterSqlite3(databasePath);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.prepare('DELETE FROM events WHERE slug = ?').run(slug);
  sqlite.close();
});

async function newPage(width: number): Promise<Page> {
  // bypassCSP: axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
  const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true, javaScriptEnabled: true });
  return context.newPage();
}

describe('the contact’s confirmation', () => {
  it('says what the click does, confirms with one button without JavaScript, and lands on the manage page', async () => {
    const n = 47_001;
    expect((await register(n)).status).toBe(202);
    const link = await confirmationLinkFromMailbox(baseUrl, `kontakt${n}@foretag${n}.se`);
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, bypassCSP: true, javaScriptEnabled: false });
    const page = await context.newPage();
    const shown = await page.goto(`${baseUrl}/bekrafta/${link.id}/${link.token}`);
    expect(shown?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Bekräfta anmälan');
    expect(await page.locator('main').textContent()).toContain(
      'Först när ni klickar skickas bekräftelser och kalenderinbjudningar till era deltagare.',
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The same page with scripts (axe-core runs as one) has no violation; reading it confirmed nothing.
    const checked = await newPage(390);
    await checked.goto(`${baseUrl}/bekrafta/${link.id}/${link.token}`);
    expect(await axeViolations(checked)).toEqual([]);
    expect(await checked.locator('main').textContent()).toContain('Bekräftar ni inte före');

    // The click, without JavaScript: a plain form post.
    await page.getByRole('button', { name: 'Bekräfta anmälan' }).click();
    await page.waitForURL(/\/hantera\/[A-Za-z0-9_-]{43}\?klar=1$/);
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Tack! Anmälan är bekräftad.');
    await context.close();

    // The link again: already confirmed, the button goes to the registration.
    await checked.goto(`${baseUrl}/en/bekrafta/${link.id}/${link.token}`);
    expect(await checked.locator('main').textContent()).toContain('The registration is already confirmed.');
    expect(await axeViolations(checked)).toEqual([]);
  });
});

describe('the organisers’ pause switch', () => {
  it('closes the public form and API with one switch and reopens them', async () => {
    const page = await newPage(1280);
    await signInAsOrganiser(page, baseUrl);
    await page.goto(`${baseUrl}/admin/events/${slug}`);
    expect(await page.locator('#pause-title').textContent()).toContain('Anmälan tar emot');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Pausa anmälan' }).click();
    await page.waitForURL(/pausad=1/);
    expect(await page.locator('#pause-title').textContent()).toContain('Anmälan är pausad');
    expect(await axeViolations(page)).toEqual([]);

    const visitor = await newPage(390);
    await visitor.goto(`${baseUrl}/anmalan/${slug}`);
    expect(await visitor.locator('main').textContent()).toContain('Arrangören har pausat anmälan till det här evenemanget.');
    expect(await visitor.locator('form.registration-form').count()).toBe(0);
    expect(await axeViolations(visitor)).toEqual([]);
    const refused = await register(47_002);
    expect(refused.status).toBe(423);
    expect(((await refused.json()) as { code: string }).code).toBe('registration_paused');

    await page.getByRole('button', { name: 'Öppna anmälan igen' }).click();
    await page.waitForURL(/oppnad=1/);
    expect(await page.locator('#pause-title').textContent()).toContain('Anmälan tar emot');
    await visitor.goto(`${baseUrl}/anmalan/${slug}`);
    expect(await visitor.locator('form.registration-form').count()).toBe(1);
    expect((await register(47_002)).status).toBe(202);
  });
});
