/**
 * Several events on one public site: / lists them (those not yet ended first), each has its own program page,
 * and each registration form links to the privacy notice of its own organiser, in Swedish and English; the
 * organiser writes their parts of the notice on the event's settings page. In Chromium, checked with axe.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAsOrganiser } from '../support/admin-sign-in.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { PUBLIC_SITE_EVENTS, publicSiteFixtureQueries } from '../support/fixtures.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const { norrvik, sodervik, past } = PUBLIC_SITE_EVENTS;
const slugs = [norrvik.slug, sodervik.slug, past.slug];
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  const sqlite = new BetterSqlite3(databasePath);
  sqlite.pragma('foreign_keys = ON');
  for (const query of publicSiteFixtureQueries()) sqlite.prepare(query.sql).run(...(query.parameters as unknown[]));
  sqlite.close();
  browser = await launchBrowser();
  // bypassCSP: axe is injected as an inline script, which the site's CSP (rightly) forbids.
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  // Other browser tests expect the demo event alone on the site.
  const sqlite = new BetterSqlite3(databasePath);
  sqlite.pragma('foreign_keys = ON');
  sqlite.prepare(`DELETE FROM events WHERE slug IN (${slugs.map(() => '?').join(', ')})`).run(...slugs);
  sqlite.close();
});

async function open(path: string, page?: Page): Promise<Page> {
  const target = page ?? (await context.newPage());
  const response = await target.goto(`${baseUrl}${path}`);
  expect(response?.status(), path).toBe(200);
  return target;
}

/** The names of the events listed under a heading of the home page, in order. */
const listed = (page: Page, heading: string) =>
  page
    .locator('section', { has: page.getByRole('heading', { level: 2, name: heading }) })
    .locator('.event-card-title')
    .allTextContents();

describe('the public site with several events', () => {
  it('lists the events on /, those not yet ended first, each linking to its own program page', async () => {
    const page = await open('/');
    expect(await page.locator('h1').textContent()).toBe('Evenemang');
    const upcoming = await listed(page, 'Kommande');
    expect(upcoming).toContain(norrvik.name);
    expect(upcoming).toContain(sodervik.name);
    expect(upcoming.indexOf(norrvik.name)).toBeLessThan(upcoming.indexOf(sodervik.name));
    expect(await listed(page, 'Tidigare')).toEqual([past.name]);
    expect(await page.locator('.event-card', { hasText: sodervik.name }).textContent()).toContain(sodervik.organiser);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/public-site-home-1366x768.png', fullPage: false });

    for (const event of [norrvik, sodervik]) {
      await open('/', page);
      await page.getByRole('link', { name: event.name, exact: true }).click();
      await page.waitForURL(`${baseUrl}/evenemang/${event.slug}`);
      expect(await page.locator('h1').textContent()).toBe(event.name);
      expect(await page.locator('.facts').textContent()).toContain(event.organiser);
      expect(await page.locator('.session-title').allTextContents()).toEqual([event.session]);
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.close();
  });

  it('lists them on a phone without sideways scrolling, and in English', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const page = await phone.newPage();
    await page.goto(`${baseUrl}/`);
    await page.screenshot({ path: '/tmp/public-site-home-390x844.png', fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await page.waitForURL(`${baseUrl}/en/`);
    expect(await page.locator('h1').textContent()).toBe('Events');
    expect(await listed(page, 'Upcoming')).toEqual(expect.arrayContaining([norrvik.name, sodervik.name]));
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: sodervik.name, exact: true }).click();
    await page.waitForURL(`${baseUrl}/en/evenemang/${sodervik.slug}`);
    expect(await page.locator('#program-title').textContent()).toBe('Programme');
    expect(await page.locator('.session-title').allTextContents()).toEqual([`${sodervik.session} (in English)`]);
    expect(await axeViolations(page)).toEqual([]);
    await phone.close();
  });

  it('links each registration form to the privacy notice of its own organiser', async () => {
    const page = await context.newPage();
    const cases = [
      {
        event: norrvik,
        lang: '',
        link: 'Läs hur vi hanterar personuppgifter',
        controller: norrvik.organiser,
        contact: `kontakt@${norrvik.slug}.example`,
        kept: '365 dagar',
      },
      {
        event: sodervik,
        lang: '',
        link: 'Läs hur vi hanterar personuppgifter',
        controller: sodervik.controller,
        contact: sodervik.contact,
        kept: '30 dagar',
      },
      {
        event: norrvik,
        lang: '/en',
        link: 'Read how we handle personal data',
        controller: norrvik.organiser,
        contact: `kontakt@${norrvik.slug}.example`,
        kept: '365 days',
      },
      {
        event: sodervik,
        lang: '/en',
        link: 'Read how we handle personal data',
        controller: sodervik.controller,
        contact: sodervik.contact,
        kept: '30 days',
      },
    ];
    for (const c of cases) {
      await open(`${c.lang}/anmalan/${c.event.slug}`, page);
      await page.getByRole('link', { name: c.link }).click();
      await page.waitForURL(`${baseUrl}${c.lang}/integritet/${c.event.slug}`);
      expect(await page.locator('h1').textContent()).toContain(c.event.name);
      expect(await page.locator('.privacy-controller').textContent()).toBe(c.controller);
      expect(await page.getByRole('link', { name: c.contact }).first().getAttribute('href')).toBe(`mailto:${c.contact}`);
      expect(await page.locator('.privacy-retention').textContent()).toContain(c.kept);
      // The other organiser is nowhere on the page.
      const other = c.event === norrvik ? sodervik : norrvik;
      expect(await page.locator('main').textContent()).not.toContain(other.organiser);
      // The footer's link stays with the event too.
      expect(await page.locator('.site-footer a').getAttribute('href')).toBe(`${c.lang}/integritet/${c.event.slug}`);
      expect(await axeViolations(page)).toEqual([]);
    }
    // Where no event is known, the site's notice page lets the company choose its event's organiser.
    await open('/integritet', page);
    expect(await page.getByRole('link', { name: `${sodervik.name} (${sodervik.organiser})` }).getAttribute('href')).toBe(
      `/integritet/${sodervik.slug}`,
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('lets the organiser write their parts of the notice on the event’s settings page', async () => {
    const page = await context.newPage();
    await signInAsOrganiser(page, baseUrl);
    await open(`/admin/events/${norrvik.slug}/installningar`, page);
    await page.getByLabel('Personuppgiftsansvarig').fill('Kommunstyrelsen i Norrviks kommun');
    await page.getByLabel('Kontakt om personuppgifter').fill('dso@norrvik.example');
    await page.getByLabel('Rättslig grund').selectOption('consent');
    await page.getByRole('button', { name: 'Spara inställningarna' }).click();
    await page.waitForURL(/sparad=1/);
    expect(await axeViolations(page)).toEqual([]);

    await open(`/integritet/${norrvik.slug}`, page);
    expect(await page.locator('.privacy-controller').textContent()).toBe('Kommunstyrelsen i Norrviks kommun');
    expect(await page.getByRole('link', { name: 'dso@norrvik.example' }).first().getAttribute('href')).toBe('mailto:dso@norrvik.example');
    expect(await page.locator('main').textContent()).toContain('Samtycke (artikel 6.1 a');
    await page.close();
  });
});
