/**
 * Every planning message in Swedish with names, times and places, never ids, in Chromium: on an event of its own
 * (copied from the demo, one politician and one official available in one slot) two companies ask for the same time.
 * Before any planning the one that does not fit is told the hosts are needed for another request, not that they are
 * "redan bokade"; the proposal says why it leaves a company out; after saving, the queue says the hosts are booked;
 * when the politician takes back the time, the saved visit's broken rule is shown by name and time. axe-core on each
 * page; a screenshot at 1366×768 for a person to look at (under /tmp).
 */
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAsOrganiser } from '../support/admin-sign-in.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { registerAndConfirm } from '../support/confirm.ts';
import { registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const slug = `meddelanden-${Date.now().toString(36)}`;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: APIRequestContext;
let politician: { id: string; name: string };
let official: { id: string; name: string };
let slot: { id: string; startsAt: string; endsAt: string };
const companies = ['Först i kön AB', 'Sist i kön AB'];
let placed = '';
let leftOut = '';

/** Any UUID-like id: none may reach the page's text. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const planning = `${baseUrl}/admin/events/${slug}/planering`;

async function adminApi(method: 'post' | 'patch' | 'put' | 'get', path: string, data?: unknown) {
  // The organiser's session cookie, from the site's own origin, as the admin pages' own scripts would send it.
  const response = await api[method](`${baseUrl}/api/admin${path}`, { data, headers: { origin: baseUrl } });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
  return response.json();
}

async function visibleText(): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: what the organiser sees, not hidden markup
  return page.evaluate(() => document.body.innerText);
}

/** The two hosts as the messages name them: in the event's order of hosts (by name). */
const bothHosts = () => [politician.name, official.name].sort((a, b) => a.localeCompare(b, 'sv')).join(' och ');
const queueItem = (company: string) => page.locator('.unplaced-list li', { hasText: company });
const time = (s: { startsAt: string; endsAt: string }) => {
  const f = (iso: string) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(iso),
    );
  return `${f(s.startsAt)}–${f(s.endsAt)}`;
};

beforeAll(async () => {
  const { events } = (await (await fetch(`${baseUrl}/api/events`)).json()) as { events: { slug: string }[] };
  const demo = events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug as string;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  page = await context.newPage();
  api = context.request;
  await signInAsOrganiser(page, baseUrl);

  // An event of our own, so that no other test's visits change what the messages say.
  const { event } = (await adminApi('get', `/events/${demo}`)) as { event: { date: string } };
  await adminApi('post', `/events/${demo}/copy`, { slug, name: 'Meddelandedagen', date: event.date });
  const { hosts } = (await adminApi('get', `/events/${slug}/hosts`)) as { hosts: { id: string; name: string; kind: string }[] };
  politician = hosts.find((h) => h.kind === 'politician')!;
  official = hosts.find((h) => h.kind === 'official')!;
  await adminApi('patch', `/events/${slug}`, { status: 'published' });
  const detail = (await (await fetch(`${baseUrl}/api/events/${slug}`)).json()) as {
    sessions: { id: string }[];
    visitSlots: { id: string; startsAt: string; endsAt: string }[];
  };
  slot = detail.visitSlots[0]!;
  // One politician and one official can go, in one slot: room for one visit.
  for (const host of [politician, official]) await adminApi('put', `/events/${slug}/hosts/${host.id}/availability`, { slotIds: [slot.id] });
  for (const [n, name] of companies.entries()) {
    const body = registrationBody(40_300 + n, [{ sessionIds: [detail.sessions[0]?.id as string] }], {
      visitRequest: { slotIds: [slot.id], topics: [], participants: 2, message: '' },
    });
    body.company.name = name;
    await registerAndConfirm(baseUrl, slug, body);
  }
});
afterAll(async () => {
  await browser?.close();
});

describe('planning messages', () => {
  it('before any planning, says the hosts are needed for another request, not that they are booked', async () => {
    await page.goto(planning);
    // Equal priority: either company may get the one visit; the other is told why not.
    const reasons = await Promise.all(companies.map((c) => queueItem(c).locator('.unplaced-reason').textContent()));
    const placeable = 'Kan placeras nu – planera automatiskt eller placera för hand.';
    expect(reasons.filter((r) => r === placeable)).toHaveLength(1);
    placed = companies[reasons.indexOf(placeable)]!;
    leftOut = companies[1 - reasons.indexOf(placeable)]!;
    expect(reasons).toContain(`Fler besök ryms inte kl. ${time(slot)}: ${bothHosts()} behövs till andra önskemål.`);
    expect(await visibleText()).not.toContain('redan bokade');
    expect(await visibleText()).not.toMatch(UUID);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('says in the proposal why a company is left out, and after saving that the hosts are booked', async () => {
    await page.getByRole('button', { name: 'Planera automatiskt' }).click();
    await page.waitForURL(/forslag=/);
    const left = page.locator('.proposal li', { hasText: /i kön AB:/ });
    await expect(left.textContent()).resolves.toMatch(
      new RegExp(`^(${companies.join('|')}): Fler besök ryms inte kl\\. ${time(slot)}: ${bothHosts()} behövs till andra önskemål\\.$`),
    );
    leftOut = (await left.locator('strong').textContent()) as string;
    placed = companies.find((c) => c !== leftOut)!;
    expect(await visibleText()).not.toMatch(UUID);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/planning-proposal-1366.png', fullPage: true });

    await page.getByRole('button', { name: `Godkänn ändringen för ${placed}` }).click();
    await page.waitForURL(/godkant=/);
    await expect(queueItem(leftOut).locator('.unplaced-reason').textContent()).resolves.toBe(
      `${bothHosts()} är redan bokade kl. ${time(slot)}.`,
    );
  });

  it('shows a saved visit’s broken rule with the host’s name and the time, never an id', async () => {
    // The politician takes back the time after the visit was saved.
    await adminApi('put', `/events/${slug}/hosts/${politician.id}/availability`, { slotIds: [] });
    await page.goto(planning);
    const attention = page.locator('.attention');
    await expect(attention.locator('li').first().textContent()).resolves.toContain(
      `${placed}, ${time(slot)}: ${politician.name} är inte tillgänglig kl. ${time(slot)}.`,
    );
    const text = await visibleText();
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(/\b(host|request|slot|politician\(s\)|official\(s\)|cannot get from)\b/);
    expect(await axeViolations(page)).toEqual([]);
    await attention.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/planning-messages-1366.png', fullPage: true });
  });
});

describe('the wish for more than one politician on the registration form', () => {
  it('is asked in Swedish and English when the event sends more than one, and kept through a post without a script', async () => {
    await adminApi('patch', `/events/${slug}`, { maxPoliticians: 2, maxDelegationSize: 3 });
    const noScript = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled: false });
    const form = await noScript.newPage();
    try {
      await form.goto(`${baseUrl}/anmalan/${slug}`);
      const select = form.getByLabel('Hur många politiker vill ni träffa?');
      expect(await select.locator('option').allTextContents()).toEqual(['Ingen önskan', '1', '2']);
      await form.getByLabel('Ja, vi vill gärna ha ett företagsbesök').check();
      await select.selectOption('2');
      await form.getByRole('button', { name: 'Skicka anmälan' }).click();
      await form.locator('.error-summary').waitFor();
      // The rest of the form is empty, so it comes back with errors, and with the wish as chosen.
      expect(await form.getByLabel('Hur många politiker vill ni träffa?').inputValue()).toBe('2');
    } finally {
      await noScript.close();
    }
    // axe-core runs as a script: both languages' forms checked in the ordinary browser.
    await page.goto(`${baseUrl}/anmalan/${slug}`);
    await page.getByLabel('Ja, vi vill gärna ha ett företagsbesök').check();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${baseUrl}/en/anmalan/${slug}`);
    expect(await page.getByLabel('How many politicians would you like to meet?').locator('option').allTextContents()).toEqual([
      'No preference',
      '1',
      '2',
    ]);
    expect(await axeViolations(page)).toEqual([]);
  });
});
