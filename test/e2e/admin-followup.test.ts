/**
 * The organisers' follow-up pages in Chromium (issue 5): filter the registrations table, open a registration,
 * check someone in on the phone-sized check-in page, download an export, print an attendee list. Every page
 * passes axe (WCAG 2.1 AA). Screenshots at 1366×768 go to test-results/screens/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDemoRegistrations } from '../../db/demo-registrations.ts';
import { createServices } from '../../src/domain/services.ts';
import { createNodeDeps } from '../../src/runtime/node.ts';
import { accessFixtures as fx } from '../support/app.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { projectRoot } from '../support/node-server.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const screens = join(projectRoot, 'test-results', 'screens');
let browser: Browser;
let context: BrowserContext;
let deps: ReturnType<typeof createNodeDeps>;
let slug = '';

beforeAll(async () => {
  mkdirSync(screens, { recursive: true });
  deps = createNodeDeps({ databasePath, env: {}, publicUrl: baseUrl });
  slug = (deps.sqlite.prepare("SELECT slug FROM events WHERE slug LIKE 'stora-motesdagen-%'").get() as { slug: string }).slug;
  // The demo companies (the filter below searches for one of them), unless an earlier test file added them; other
  // files register companies of their own in this event, so count the demo ones, not all.
  const demoCompanies = (
    deps.sqlite.prepare("SELECT count(*) AS n FROM registrations WHERE company_name LIKE '%Åbro%'").get() as { n: number }
  ).n;
  if (demoCompanies === 0) await addDemoRegistrations(createServices(deps), slug, 40);
  const organiser = fx.organiser(deps.sqlite, {
    email: 'followup-e2e@norrvik.example',
    name: 'Uppföljare',
    role: 'organiser',
    eventSlugs: [slug],
  });
  const session = await fx.session(deps.sqlite, organiser);
  browser = await launchBrowser();
  // bypassCSP: axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true, acceptDownloads: true });
  await context.addCookies([{ name: 'motesdagen_session', value: session, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
});
afterAll(async () => {
  await browser?.close();
  await deps?.db.destroy();
});

async function accessible(page: Page, name: string) {
  expect(await page.getAttribute('html', 'lang')).toBe('sv');
  expect(await axeViolations(page), name).toEqual([]);
}

describe('organisers’ follow-up pages', () => {
  it('filters the registrations table, opens a registration, checks someone in and downloads an export', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/events/${slug}/anmalningar`);
    expect(await page.locator('h1').textContent()).toBe('Anmälningar');
    await accessible(page, 'registrations');
    await page.screenshot({ path: join(screens, 'admin-followup-registrations.png') });
    const allCount = (await page.locator('.fu-count').textContent()) ?? '';

    // Filter: company search and "wants a visit", sorted by company.
    await page.getByLabel('Sök', { exact: true }).fill('åbro');
    await page.getByLabel('Önskar besök').selectOption('yes');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/q=%C3%A5bro/);
    expect(page.url()).toContain('visit=yes');
    const filteredCount = (await page.locator('.fu-count').textContent()) ?? '';
    expect(filteredCount).not.toBe(allCount);
    const rows = page.locator('table.fu-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.locator('th a').allTextContents()) expect(text.toLowerCase()).toContain('åbro');
    await page.getByRole('link', { name: /^Företag/ }).click();
    await page.waitForURL(/sort=company&order=asc/);
    await accessible(page, 'registrations-filtered');

    // Detail.
    const company = (await rows.first().locator('th a').textContent()) ?? '';
    const href = (await rows.first().locator('th a').getAttribute('href')) ?? '';
    await Promise.all([page.waitForURL(`${baseUrl}${href}`), rows.first().locator('th a').click()]);
    expect(await page.locator('h1').textContent()).toBe(company);
    expect(await page.getByRole('heading', { name: 'E-post till företaget' }).count()).toBe(1);
    const person =
      ((await page.locator('.booked-attendee h3').first().textContent()) ?? '')
        .split('@')[0]
        ?.replace(/\s\S+$/, '')
        .trim() ?? '';
    await accessible(page, 'registration-detail');

    // Check-in on a phone.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/admin/events/${slug}/incheckning`);
    const before = (await phone.locator('.fu-count').textContent()) ?? '';
    expect(before).toMatch(/^Incheckade: 0 av \d+$/);
    await phone.getByLabel('Namn, e-post eller företag').fill(person);
    await phone.getByRole('button', { name: 'Sök' }).click();
    await phone.waitForURL(/q=/);
    await accessible(phone, 'check-in-search');
    await phone
      .getByRole('button', { name: `Checka in ${person}` })
      .first()
      .click();
    await phone.waitForURL(/in=/);
    await expect(phone.getByRole('status').first().textContent()).resolves.toContain('är incheckad');
    expect(await phone.locator('.fu-count').textContent()).toMatch(/^Incheckade: 1 av \d+$/);
    await accessible(phone, 'check-in-done');
    await phone.screenshot({ path: join(screens, 'admin-followup-check-in-phone.png'), fullPage: true });
    await phone.close();

    // Export download.
    await page.goto(`${baseUrl}/admin/events/${slug}/export`);
    await accessible(page, 'export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Ladda ner anmälningar (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${slug}-registreringar.csv`);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8');
    expect(csv).toContain('Organisationsnummer;Företag');
    expect(csv).toContain(company);

    // Outbox.
    await page.goto(`${baseUrl}/admin/events/${slug}/utskick`);
    expect(await page.locator('table.fu-table tbody tr').count()).toBeGreaterThan(0);
    await accessible(page, 'outbox');
    await page.locator('table.fu-table tbody tr th a').first().click();
    await page.waitForURL(/\/utskick\/[0-9a-f-]{36}$/);
    expect(await page.locator('iframe.mail-frame').getAttribute('sandbox')).toBe('');
    await accessible(page, 'outbox-message');
    await page.close();
  });

  it('prints attendee lists: no navigation, one session per page, a box to tick', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/events/${slug}/deltagare`);
    await accessible(page, 'attendee-lists');
    const sessionId = await page.locator('#f-session option').nth(1).getAttribute('value');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.fu-tabs').isVisible()).toBe(false);
    expect(await page.locator('.fu-print-only').first().isVisible()).toBe(true);
    // One session per page.
    const breaks = await page.locator('.fu-session').evaluateAll((els) => els.map((el) => getComputedStyle(el).breakAfter));
    expect(breaks.length).toBeGreaterThan(1);
    expect(breaks.slice(0, -1).every((b) => b === 'page')).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${baseUrl}/admin/events/${slug}/deltagare?session=${sessionId}`);
    await accessible(page, 'attendee-list');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.fu-box').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screens, 'admin-followup-attendees-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(1000);
    await page.close();
  });
});
