/**
 * Visit planning in Chromium, as an organiser does it: companies have asked for visits; sign in with the
 * emailed link, plan automatically, look at the proposal, save it, change a visit by hand (a refused
 * double-booking, a rule breach allowed only with a logged override), confirm, and find the invites in
 * the outbox. axe-core on every page; a screenshot of the board at 1366×768.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAsOrganiser } from '../support/admin-sign-in.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { registerAndConfirm } from '../support/confirm.ts';
import { projectRoot } from '../support/node-server.ts';
import { registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const shots = join(projectRoot, 'test-results', 'screens');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let slug: string;

async function accessible(name: string) {
  expect(await axeViolations(page), name).toEqual([]);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const { events } = (await (await fetch(`${baseUrl}/api/events`)).json()) as { events: { slug: string }[] };
  slug = events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug as string;
  const event = (await (await fetch(`${baseUrl}/api/events/${slug}`)).json()) as {
    sessions: { id: string }[];
    visitSlots: { id: string }[];
    topics: { id: string }[];
  };
  // Twelve companies ask for a visit, through the public API.
  for (let n = 0; n < 12; n++) {
    const body = registrationBody(40_000 + n, [{ sessionIds: [event.sessions[(n % 3) + 1]?.id as string] }], {
      visitRequest: {
        slotIds: event.visitSlots.filter((_, i) => (i + n) % 2 === 0).map((s) => s.id),
        topics: [event.topics[n % event.topics.length]?.id],
        participants: 2,
        message: 'Välkomna!',
      },
    });
    await registerAndConfirm(baseUrl, slug, body);
  }
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  page = await context.newPage();
  // Sign in as organisers do: ask for a link, read it in the development mailbox.
  await signInAsOrganiser(page, baseUrl);
});
afterAll(async () => {
  await browser?.close();
});

describe('visit planning', () => {
  it('plans automatically, shows the proposal before saving, and saves it', async () => {
    await page.goto(`${baseUrl}/admin/events/${slug}/planering`);
    expect(await page.locator('h1').textContent()).toBe('Planering av företagsbesök');
    // Other tests share this server, so count relative to what is there: at least our twelve requests.
    const requests = Number(/(\d+)\s+önskemål/.exec((await page.locator('.planning-summary').textContent()) ?? '')?.[1]);
    expect(requests).toBeGreaterThanOrEqual(12);
    const blocksBefore = await page.locator('.visit-block').count();
    await accessible('board');

    await page.getByRole('button', { name: 'Planera automatiskt' }).click();
    await page.waitForLoadState();
    const proposal = page.locator('.proposal');
    await expect(proposal.locator('h2').textContent()).resolves.toBe('Förslag (inget är sparat än)');
    const placed = await proposal.locator('dt:has-text("Placerade") + dd').textContent();
    expect(placed).toMatch(new RegExp(`^\\d+ av ${requests} önskemål$`));
    await expect(proposal.locator('dt:has-text("Möjligt som mest") + dd').textContent()).resolves.toMatch(/avstånd/);
    // Nothing saved yet.
    await expect(page.locator('.visit-block').count()).resolves.toBe(blocksBefore);
    await accessible('proposal');

    await page.getByRole('button', { name: /Spara förslaget/ }).click();
    await page.waitForURL(/sparat=/);
    expect(await page.locator('.visit-block').count()).toBeGreaterThan(blocksBefore);
    await page.locator('#board-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'planning-board-1366.png') });
    await accessible('board');
  });

  it('refuses a double-booking, allows a rule breach only with an override, and confirms with invites', async () => {
    // A visit whose time has another visit too, so some host is busy elsewhere then.
    const links = [...new Set(await page.locator('.visit-block').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href)))];
    let busy = page.locator('.delegation-form .choice', { hasText: 'upptagen hos' });
    for (const href of links) {
      await page.goto(href);
      busy = page.locator('.delegation-form .choice', { hasText: 'upptagen hos' });
      if ((await busy.count()) > 0) break;
    }
    expect(await busy.count(), 'some visit shares its time with another').toBeGreaterThan(0);
    const company = (await page.locator('h1').textContent())?.replace('Besök hos ', '') as string;
    await accessible('visit');

    // Adding a host who is busy elsewhere at this time: refused, and no override offered.
    await busy.first().locator('input').check();
    await page.getByRole('button', { name: 'Spara ändringen' }).click();
    await page.waitForLoadState();
    await expect(page.locator('.error-summary h2').textContent()).resolves.toBe('Ändringen bryter mot planeringsreglerna');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('kan inte vara på två besök samtidigt');
    expect(await page.locator('#f-override').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain('error-summary');

    // Leaving only one host breaks the delegation rules: refused first, then allowed with the override.
    await page.goto(page.url().split('?')[0] as string);
    const chosen = page.locator('.delegation-form input[name="hostIds"]:checked');
    const keep = await chosen.count();
    expect(keep).toBeGreaterThanOrEqual(2);
    await chosen.last().uncheck();
    await page.getByRole('button', { name: 'Spara ändringen' }).click();
    await page.waitForLoadState();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Genomför ändå');
    await accessible('visit-conflict');
    await page.locator('.delegation-form input[name="hostIds"]:checked').last().uncheck();
    await page.getByLabel(/Genomför ändå/).check();
    await page.getByRole('button', { name: 'Spara ändringen' }).click();
    await page.waitForURL(/sparat=1/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Ändringen är sparad');

    // Confirm everything; the invites wait in the outbox.
    await page.goto(`${baseUrl}/admin/events/${slug}/planering`);
    await page.getByRole('button', { name: /Bekräfta \d+ föreslagna besök/ }).click();
    await page.waitForURL(/bekraftat=/);
    await page.goto(`${baseUrl}/dev/mailbox`);
    const confirmedRows = page.locator('tr').filter({ hasText: 'visit_confirmed' });
    const assignmentRows = page.locator('tr').filter({ hasText: 'visit_assignment' });
    expect(await confirmedRows.count()).toBeGreaterThan(0);
    expect(await assignmentRows.count()).toBeGreaterThan(0);
    await expect(confirmedRows.first().textContent()).resolves.toContain('REQUEST');
    expect(company.length).toBeGreaterThan(0);

    await page.goto(`${baseUrl}/admin/events/${slug}/planering/scheman`);
    expect(await page.locator('.schedule').count()).toBeGreaterThan(0);
    await accessible('schedules');
  });
});
