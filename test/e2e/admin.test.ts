/**
 * The organisers' back office in Chromium, as an organiser uses it: ask for a sign-in link, read it in the
 * development mailbox, sign in, see the events, create an API token (shown once) and use it, revoke it,
 * visit every admin page (axe: WCAG 2.1 AA), sign out. Screenshots go to test-results/admin-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ORGANISER_EMAIL } from '../../db/demo-event.ts';
import { linkFromMailbox } from '../support/admin-sign-in.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { projectRoot } from '../support/node-server.ts';

const baseUrl = inject('baseUrl');
const shots = join(projectRoot, 'test-results');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function checked(page: Page, name: string) {
  expect(await page.getAttribute('html', 'lang')).toBe('sv');
  expect(await axeViolations(page), name).toEqual([]);
  await page.screenshot({ path: join(shots, `admin-${name}.png`), fullPage: true });
}

/** Opens the newest sign-in email in the development mailbox and returns the link in its text. */
describe('organisers’ back office', () => {
  it('signs in with an emailed link, lists the events, creates and revokes an API token, and signs out', async () => {
    // bypassCSP: axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();

    await page.goto(`${baseUrl}/admin/tokens`);
    await page.waitForURL(`${baseUrl}/admin`);
    await checked(page, 'sign-in');
    await page.getByLabel('E-postadress').fill(DEMO_ORGANISER_EMAIL);
    await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
    await page.waitForURL(`${baseUrl}/admin?skickad=1`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Titta i din e-post');
    await checked(page, 'link-sent');

    const link = await linkFromMailbox(page, baseUrl);
    expect(link.startsWith(`${baseUrl}/admin/login/`)).toBe(true);
    await page.goto(link);
    await checked(page, 'login-link');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${baseUrl}/admin`);
    const cookie = (await context.cookies()).find((c) => c.name === 'motesdagen_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.locator('h1').textContent()).toBe('Dina evenemang');
    // Other tests add events of their own: the demo event is one of those listed.
    expect(await page.locator('.admin-event h2').allTextContents()).toContainEqual(expect.stringMatching(/^Stora Mötesdagen \d{4}$/));
    await checked(page, 'events');

    // The link worked once.
    const again = await context.newPage();
    const second = await again.goto(link);
    expect(second?.status()).toBe(410);
    await again.close();

    await page.getByRole('link', { name: 'API-nycklar', exact: true }).click();
    await page.waitForURL(`${baseUrl}/admin/tokens`);
    await checked(page, 'tokens-empty');
    await page.getByLabel('Vad ska nyckeln användas till?').fill('Export till intranätet');
    await page.getByLabel('Giltig i').selectOption('30');
    await page.getByRole('button', { name: 'Skapa nyckel' }).click();
    const token = await page.getByLabel('Din nya API-nyckel').inputValue();
    expect(token).toMatch(/^mdg_[A-Za-z0-9_-]{43}$/);
    await checked(page, 'token-created');

    const me = await fetch(`${baseUrl}/api/admin/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(DEMO_ORGANISER_EMAIL);

    // Shown once: not on the next visit.
    await page.goto(`${baseUrl}/admin/tokens`);
    expect(await page.content()).not.toContain(token);
    await page.getByRole('button', { name: 'Återkalla Export till intranätet' }).click();
    await page.waitForURL(`${baseUrl}/admin/tokens?aterkallad=1`);
    expect((await fetch(`${baseUrl}/api/admin/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);

    await page.getByRole('link', { name: 'Arrangörer', exact: true }).click();
    await page.waitForURL(`${baseUrl}/admin/organisers`);
    await checked(page, 'organisers');
    await page.getByLabel('Namn').fill('Kim Arrangör');
    await page.getByLabel('E-postadress').fill('kim.e2e@norrvik.example');
    await page.getByRole('checkbox', { name: /^Stora Mötesdagen/ }).check();
    await page.getByRole('button', { name: 'Lägg till arrangör' }).click();
    await page.waitForURL(`${baseUrl}/admin/organisers?skapad=1`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Arrangören är tillagd');
    expect(await page.locator('table').textContent()).toContain('kim.e2e@norrvik.example');

    await page.goto(`${baseUrl}/admin`);
    await page
      .getByRole('link', { name: /^Ändringslogg för Stora Mötesdagen/ })
      .first()
      .click();
    await page.waitForURL(/\/admin\/events\/[a-z0-9-]+\/audit$/);
    // The assignment made above is in the event's audit log, by whom and what.
    const audit = (await page.locator('table').textContent()) ?? '';
    expect(audit).toContain('Demo Arrangör');
    expect(audit).toContain('Gav Kim Arrangör (kim.e2e@norrvik.example) behörighet som arrangör för evenemanget');
    await checked(page, 'audit');

    await page.getByRole('button', { name: /^Logga ut/ }).click();
    await page.waitForURL(`${baseUrl}/admin?utloggad=1`);
    expect(await page.locator('h1').textContent()).toBe('Logga in som arrangör');
    await page.goto(`${baseUrl}/admin/tokens`);
    await page.waitForURL(`${baseUrl}/admin`);
    await context.close();
  });

  it('works on a phone: the sign-in page fits without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    await page.goto(`${baseUrl}/admin`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await checked(page, 'sign-in-phone');
    await page.close();
  });
});
