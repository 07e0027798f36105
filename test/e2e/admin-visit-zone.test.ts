/**
 * Organisers set the zone of a visit request (where the visit takes place, for travel times in planning)
 * in Chromium: on a registration's page and on the page that places a request by hand.
 * Each is a plain form post (no script needed) with the session's CSRF token; axe-core on both pages.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAsOrganiser } from '../support/admin-sign-in.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { registerAndConfirm } from '../support/confirm.ts';
import { registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let slug: string;
let zones: { id: string; name: string }[];
let registrationId: string;
const company = 'Zonföretaget 40100 AB';

beforeAll(async () => {
  const { events } = (await (await fetch(`${baseUrl}/api/events`)).json()) as { events: { slug: string }[] };
  slug = events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug as string;
  const event = (await (await fetch(`${baseUrl}/api/events/${slug}`)).json()) as {
    sessions: { id: string }[];
    visitSlots: { id: string }[];
    zones: { id: string; name: string }[];
  };
  zones = event.zones;
  const body = registrationBody(40_100, [{ sessionIds: [event.sessions[1]?.id as string] }], {
    visitRequest: { slotIds: [event.visitSlots[0]?.id], topics: [], participants: 2, message: '' },
  });
  body.company.name = company;
  const created = await registerAndConfirm<{ id: string; visitRequest: { zoneId: string | null } }>(baseUrl, slug, body);
  expect(created.visitRequest.zoneId).toBeNull();
  registrationId = created.id;

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  page = await context.newPage();
  // Sign in as organisers do: ask for a link, read it in the development mailbox.
  await signInAsOrganiser(page, baseUrl);
});
afterAll(async () => {
  await browser?.close();
});

const zoneForm = () => page.locator('form', { has: page.locator('input[name="_action"][value="zone"]') });

describe('the zone of a visit request, set by organisers', () => {
  it('sets the zone on the registration’s page', async () => {
    const [first] = zones as [{ id: string; name: string }];
    await page.goto(`${baseUrl}/admin/events/${slug}/anmalningar/${registrationId}`);
    expect(await page.locator('h1').textContent()).toBe(company);
    const select = zoneForm().getByLabel('Område/ort där besöket sker', { exact: true });
    expect(await select.inputValue()).toBe('');
    await select.selectOption({ label: first.name });
    await zoneForm().getByRole('button', { name: 'Spara området' }).click();
    await page.waitForURL(/klart=zon/);
    expect(await page.locator('.zone-form [role="status"]').textContent()).toContain('Området är sparat');
    expect(await zoneForm().getByLabel('Område/ort där besöket sker', { exact: true }).inputValue()).toBe(first.id);
    expect(await page.locator('.zone-form').textContent()).toContain(`Nu: ${first.name}`);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('changes the zone on the page that places the request by hand', async () => {
    const second = zones[1] as { id: string; name: string };
    await page.goto(`${baseUrl}/admin/events/${slug}/planering`);
    await page.getByRole('link', { name: `Placera för hand ${company}` }).click();
    await page.waitForURL(/\/placera\//);
    const select = zoneForm().getByLabel('Område/ort där besöket sker', { exact: true });
    expect(await select.inputValue()).toBe(zones[0]?.id);
    await select.selectOption({ label: second.name });
    await zoneForm().getByRole('button', { name: 'Spara området' }).click();
    await page.waitForURL(/zon=sparad/);
    expect(await zoneForm().getByLabel('Område/ort där besöket sker', { exact: true }).inputValue()).toBe(second.id);
    expect(await axeViolations(page)).toEqual([]);

    // The audit log has both changes.
    await page.goto(`${baseUrl}/admin/events/${slug}/audit`);
    const log = ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(log).toContain(`Ändrade zonen för besöksönskemålet (${company}) från ingen zon till ${zones[0]?.name}`);
    expect(log).toContain(`Ändrade zonen för besöksönskemålet (${company}) från ${zones[0]?.name} till ${zones[1]?.name}`);
  });

  it('refuses a form posted without the session’s CSRF token', async () => {
    const url = `${baseUrl}/admin/events/${slug}/anmalningar/${registrationId}`;
    await page.goto(url);
    const response = await page.request.post(url, {
      form: { _action: 'zone', zoneId: zones[2]?.id as string, csrf: 'wrong' },
      headers: { origin: baseUrl },
    });
    expect(response.status()).toBe(403);
    await page.goto(url);
    expect(await zoneForm().getByLabel('Område/ort där besöket sker', { exact: true }).inputValue()).toBe(zones[1]?.id);
  });
});
