/**
 * The public home page in a real browser: Swedish by default, English at /en, the demo program with places
 * left, keyboard access to the skip link and language switch, and no WCAG 2.1 AA violation found by axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, launchBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  // bypassCSP: axe is injected as an inline script, which the site's CSP (rightly) forbids.
  const page = await browser.newPage({ viewport, bypassCSP: true });
  const response = await page.goto(`${baseUrl}${path}`);
  expect(response?.status()).toBe(200);
  return page;
}

const demoName = /^Stora Mötesdagen \d{4}$/;

/**
 * The demo event's home: `/` itself while it is the only published event, else the page its entry in the list of
 * events leads to (other browser tests publish events of their own).
 */
async function openDemoEvent(viewport?: { width: number; height: number }): Promise<Page> {
  const page = await open('/', viewport);
  if (!demoName.test((await page.locator('h1').textContent())?.trim() ?? '')) {
    await Promise.all([
      page.waitForNavigation(),
      page
        .getByRole('link', { name: /Stora Mötesdagen \d{4}/ })
        .first()
        .click(),
    ]);
  }
  return page;
}

describe('home page', () => {
  it('shows the event in Swedish with date, place and program', async () => {
    const page = await openDemoEvent();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await expect(page.locator('h1').textContent()).resolves.toMatch(demoName);
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('När');
    expect(facts).toMatch(/(måndag|tisdag|onsdag|torsdag|fredag) \d{1,2} \p{L}+ \d{4}/u);
    expect(facts).toContain('Norrviks stadshus');
    expect(await page.locator('#program-title').textContent()).toBe('Program');
    const sessions = page.locator('.session');
    expect(await sessions.count()).toBeGreaterThanOrEqual(8);
    expect(await sessions.first().locator('.places').textContent()).toMatch(/^\d+ platser? kvar$/);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('switches to English and back, and the English page passes axe on a phone', async () => {
    const page = await openDemoEvent({ width: 390, height: 844 });
    const swedishUrl = page.url();
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await page.waitForURL(swedishUrl.replace(baseUrl, `${baseUrl}/en`));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#program-title').textContent()).toBe('Programme');
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Läs sidan på svenska' }).click();
    await page.waitForURL(swedishUrl);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.close();
  });

  it('offers a skip link as the first stop for keyboard users', async () => {
    const page = await open('/');
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Hoppa till innehållet');
    expect(await focused.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });
});
