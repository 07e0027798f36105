/**
 * Visit planning in Chromium, as an organiser does it: companies have asked for visits; sign in with the
 * emailed link, plan automatically, review the proposal drawn on the board beside what is saved, accept one
 * change, see a stale proposal refused after another organiser's change, plan again and accept all; change a
 * visit by hand (a refused double-booking, a rule breach allowed only with a logged override), confirm, and find
 * the invites in the mailbox for the company and its hosts, and the visit on the company's own page. The board
 * never scrolls the page sideways on a phone. axe-core on every page; screenshots of the board with a proposal
 * at 1366×768 and 390×844.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAsOrganiser } from '../support/admin-sign-in.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { registerAndConfirm } from '../support/confirm.ts';
import { projectRoot } from '../support/node-server.ts';
import { registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const shots = join(projectRoot, 'test-results', 'screens');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let slug: string;
/** Each company's manage link, by company name. */
const manageUrls = new Map<string, string>();
const board = () => `${baseUrl}/admin/events/${slug}/planering`;
/** Saved visits on the board, not the proposal's drafts. */
const savedBlocks = () => page.locator('.visit-block:not(.draft-block)');

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
  // Twenty-four companies ask for a visit, through the public API: more than the hosts can take one each, so some
  // host has two visits and a trip between them.
  for (let n = 0; n < 24; n++) {
    const body = registrationBody(40_000 + n, [{ sessionIds: [event.sessions[(n % 3) + 1]?.id as string] }], {
      visitRequest: {
        slotIds: event.visitSlots.filter((_, i) => (i + n) % 2 === 0).map((s) => s.id),
        topics: [event.topics[n % event.topics.length]?.id],
        participants: 2,
        message: 'Välkomna!',
      },
    });
    const { manageUrl } = await registerAndConfirm(baseUrl, slug, body);
    manageUrls.set(`Testföretag ${40_000 + n} AB`, manageUrl);
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
  it('plans automatically and draws the proposal on the board beside what is saved, with its figures in words', async () => {
    await page.goto(board());
    expect(await page.locator('h1').textContent()).toBe('Planering av företagsbesök');
    // Other tests share this server, so count relative to what is there: at least our 24 requests.
    const requests = Number(/(\d+)\s+önskemål/.exec((await page.locator('.planning-summary').textContent()) ?? '')?.[1]);
    expect(requests).toBeGreaterThanOrEqual(24);
    const savedBefore = await savedBlocks().count();
    await accessible('board');

    await page.getByRole('button', { name: 'Planera automatiskt' }).click();
    await page.waitForURL(/forslag=/);
    const proposal = page.locator('.proposal');
    await expect(proposal.locator('h2').textContent()).resolves.toBe('Förslag att granska');
    const placed = (await proposal.locator('dt:has-text("Besök") + dd').textContent()) ?? '';
    expect(placed).toMatch(new RegExp(`^(\\d+ av ${requests} önskemål får besök|Alla ${requests} önskemål får besök\\.)`));
    expect(placed).not.toMatch(/avstånd|%/);
    // The figure that is proven: priority-weighted placement against the best any plan can reach.
    await expect(proposal.locator('dt:has-text("Prioritet") + dd').textContent()).resolves.toMatch(
      /^(Ingen plan kan ge företagen med högre prioritet mer|Med dessa värdar och tider kan som mest \d+ nås viktat efter prioritet, planen når \d+)/,
    );
    // Drafts on the board, each marked in words, and nothing saved yet.
    expect(await page.locator('.draft-block').count()).toBeGreaterThan(0);
    await expect(page.locator('.draft-block .draft-mark').first().textContent()).resolves.toBe('Nytt i förslaget');
    await expect(savedBlocks().count()).resolves.toBe(savedBefore);
    await expect(page.locator('.draft-change').first().textContent()).resolves.toContain('Inte sparad');
    await accessible('proposal');
    await page.locator('.proposal').screenshot({ path: join(shots, 'planning-proposal-1366.png') });
    await page.locator('.board-section').screenshot({ path: join(shots, 'planning-proposal-board-1366.png') });

    // On a phone the board scrolls inside its own frame; the page itself never scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(390);
    const frame = page.locator('.board-wrap');
    expect(await frame.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, 'planning-proposal-390.png') });
    await page.locator('.board-section').screenshot({ path: join(shots, 'planning-proposal-board-390.png') });
    await accessible('proposal on a phone');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('accepts one change: only that visit is saved, the rest stay drafts', async () => {
    const change = page.locator('.draft-pending').first();
    const company = ((await change.locator('strong').textContent()) ?? '').trim();
    const pendingBefore = await page.locator('.draft-pending').count();
    await change.getByRole('button', { name: `Godkänn ändringen för ${company}` }).click();
    await page.waitForURL(/godkant=1/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('1 ändring sparade');
    await expect(page.locator('.draft-saved', { hasText: company }).locator('.reason-ok').textContent()).resolves.toBe('Sparad');
    expect(await page.locator('.draft-pending').count()).toBe(pendingBefore - 1);
    expect(await savedBlocks().filter({ hasText: company }).count()).toBeGreaterThan(0);
    expect(await page.locator('.draft-block', { hasText: company }).count()).toBe(0);
    await accessible('proposal after one accepted');
  });

  it("refuses a stale proposal after another organiser's change, saving nothing", async () => {
    const proposalUrl = page.url();
    const change = page.locator('.draft-pending').first();
    const company = ((await change.locator('strong').textContent()) ?? '').trim();
    const requestId = ((await change.getAttribute('id')) ?? '').replace('andring-', '');
    // Meanwhile, in another tab, that company is placed by hand with one host only (kept against the rules).
    const other = await context.newPage();
    await other.goto(`${board()}/placera/${requestId}`);
    await other.locator('.delegation-form input[name="hostIds"]:checked').last().uncheck();
    await other.getByRole('button', { name: 'Placera besöket som förslag' }).click();
    await other.waitForLoadState();
    await other.getByLabel(/Genomför ändå/).check();
    await other.getByRole('button', { name: 'Placera besöket som förslag' }).click();
    await other.waitForURL(/sparat=1/);
    await other.close();

    await page.reload();
    const savedBefore = await savedBlocks().count();
    await page.getByRole('button', { name: /^Godkänn alla \d+ ändringar$/ }).click();
    await page.waitForLoadState();
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('förslaget är inaktuellt');
    await expect(alert.textContent()).resolves.toContain(company);
    // Nothing of the proposal was saved; the hand-placed visit stays as its organiser left it.
    expect(await savedBlocks().count()).toBe(savedBefore);
    await expect(page.locator(`#andring-${requestId} .unplaced-reason`).textContent()).resolves.toMatch(/^Inaktuell/);
    await accessible('stale proposal');
    expect(page.url()).toBe(proposalUrl);
  });

  it('plans again and accepts every change; the saved visits replace the drafts', async () => {
    const savedBefore = await savedBlocks().count();
    await page.getByRole('button', { name: 'Planera automatiskt' }).click();
    await page.waitForURL(/forslag=/);
    const pending = await page.locator('.draft-pending').count();
    expect(pending).toBeGreaterThan(1);
    await page.getByRole('button', { name: `Godkänn alla ${pending} ändringar` }).click();
    await page.waitForURL(/godkant=/);
    expect(Number(new URL(page.url()).searchParams.get('godkant'))).toBe(pending);
    await expect(page.locator('.proposal h2').textContent()).resolves.toBe('Förslaget är genomgånget');
    expect(await page.locator('.draft-block').count()).toBe(0);
    expect(await savedBlocks().count()).toBeGreaterThan(savedBefore);
    await page.goto(board());
    await page.locator('#board-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'planning-board-1366.png') });
    await accessible('board');
  });

  it('asks to accept first the change that frees the hosts another change needs', async () => {
    // A proposal (written straight into the database, as the engine would store it) where two saved visits share a
    // time: one goes, and the other takes its hosts.
    const sqlite = new BetterSqlite3(databasePath);
    const rows = sqlite
      .prepare(
        `SELECT v.id, v.request_id, v.slot_id, v.updated_at, v.event_id, group_concat(h.host_id) AS hosts FROM visits v
         JOIN visit_hosts h ON h.visit_id = v.id AND h.released_at IS NULL JOIN events e ON e.id = v.event_id
         WHERE e.slug = ? AND v.status = 'proposed' AND v.override_json IS NULL GROUP BY v.id ORDER BY v.slot_id, v.id`,
      )
      .all(slug) as { id: string; request_id: string; slot_id: string; updated_at: string; event_id: string; hosts: string }[];
    const gone = rows.find((r, i) => rows[i + 1]?.slot_id === r.slot_id);
    const taker = rows[rows.indexOf(gone as (typeof rows)[number]) + 1];
    if (!gone || !taker) throw new Error('two saved visits at one time');
    const base = (r: typeof gone) => ({ visitId: r.id, slotId: r.slot_id, hostIds: r.hosts.split(','), updatedAt: r.updated_at });
    const latest = sqlite
      .prepare('SELECT plan_json FROM plan_drafts WHERE event_id = ? ORDER BY created_at DESC')
      .pluck()
      .get(gone.event_id);
    sqlite
      .prepare(
        "INSERT INTO plan_drafts (id, event_id, created_by, plan_json, changes_json, created_at) VALUES ('handmade', ?, 'test', ?, ?, ?)",
      )
      .run(
        gone.event_id,
        latest,
        JSON.stringify([
          { requestId: gone.request_id, kind: 'removed', before: base(gone), after: null },
          {
            requestId: taker.request_id,
            kind: 'restaffed',
            before: base(taker),
            after: { requestId: taker.request_id, slotId: taker.slot_id, hostIds: gone.hosts.split(',') },
          },
        ]),
        new Date().toISOString(),
      );
    sqlite.close();

    await page.goto(`${board()}?forslag=handmade`);
    const goneCompany = ((await page.locator(`#andring-${gone.request_id} strong`).textContent()) ?? '').trim();
    const takerCompany = ((await page.locator(`#andring-${taker.request_id} strong`).textContent()) ?? '').trim();
    await expect(page.locator(`#andring-${gone.request_id} .draft-mark`).textContent()).resolves.toBe('Tas bort');
    await expect(page.locator(`#andring-${taker.request_id} .draft-mark`).textContent()).resolves.toBe('Ny delegation');
    await expect(page.locator('.draft-block', { hasText: takerCompany }).first().locator('.draft-mark').textContent()).resolves.toBe(
      'Ny i delegationen',
    );
    await expect(
      page.locator('.visit-block:not(.draft-block)', { hasText: goneCompany }).first().locator('.draft-mark').textContent(),
    ).resolves.toBe('Tas bort');
    await page.screenshot({ path: join(shots, 'planning-handmade-1366.png'), fullPage: true });

    await page.getByRole('button', { name: `Godkänn ändringen för ${takerCompany}` }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(`Godkänn först ändringen för ${goneCompany}`);
    await accessible('change refused until another is accepted');
    // Each acceptance loads a new page whose address matches the last one's, so wait for the load itself.
    for (const company of [goneCompany, takerCompany]) {
      await Promise.all([
        page.waitForNavigation({ url: /godkant=1/ }),
        page.getByRole('button', { name: `Godkänn ändringen för ${company}` }).click(),
      ]);
    }
    await expect(page.locator('.proposal h2').textContent()).resolves.toBe('Förslaget är genomgånget');
    expect(await savedBlocks().filter({ hasText: goneCompany }).count()).toBe(0);
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

  it("shows an accepted visit on the company's own page and in the invites of the company and its hosts", async () => {
    await page.goto(board());
    const names = await page.locator('.visit-confirmed .visit-company').allTextContents();
    const company = names.find((name) => manageUrls.has(name)) as string;
    expect(company, 'one of our companies has a confirmed visit').toBeDefined();
    const companyPage = await context.newPage();
    await companyPage.goto(manageUrls.get(company) as string);
    await expect(companyPage.locator('.visit-booked h3').textContent()).resolves.toBe('Ert företagsbesök är bokat');
    await companyPage.close();

    const n = /Testföretag (\d+) AB/.exec(company)?.[1] as string;
    const contact = `kontakt${n}@foretag${n}.se`;
    await page.goto(`${baseUrl}/dev/mailbox`);
    await page.locator('tbody tr').filter({ hasText: contact }).filter({ hasText: 'visit_confirmed' }).first().getByRole('link').click();
    const calendar = new ICAL.Component(ICAL.parse((await page.locator('pre.mail-text').nth(1).textContent()) ?? ''));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const attendees = (calendar.getFirstSubcomponent('vevent') as ICAL.Component)
      .getAllProperties('attendee')
      .map((a) => String(a.getFirstValue()).replace(/^mailto:/i, ''));
    expect(attendees).toContain(contact);
    const hosts = attendees.filter((a) => a !== contact);
    expect(hosts.length).toBeGreaterThan(0);
    await page.goto(`${baseUrl}/dev/mailbox`);
    for (const host of hosts) {
      expect(await page.locator('tbody tr').filter({ hasText: host }).filter({ hasText: 'visit_assignment' }).count()).toBeGreaterThan(0);
    }
  });

  it('shows the trip before each visit in the host day schedules, and prints a host on one A4 page', async () => {
    const schedules = `${baseUrl}/admin/events/${slug}/planering/scheman`;
    await page.goto(schedules);
    const trip = page.locator('.travel-row', { hasText: 'Resa från Testföretag' }).first();
    await expect(trip.textContent()).resolves.toMatch(
      /^Resa från Testföretag \d+ AB.*: (cirka )?\d+ min( \(zon saknas\))? \+ \d+ min buffert · (\d+ min över|räcker inte: \d+ min saknas)$/,
    );
    await page.screenshot({ path: join(shots, 'host-schedules-1366.png') });
    await accessible('schedules with trips');

    // One host's day, on a phone: the page never scrolls sideways.
    const section = page
      .locator('.schedule')
      .filter({ has: page.locator('.travel-row', { hasText: 'Resa från Testföretag' }) })
      .first();
    const hostId = ((await section.locator('h2').getAttribute('id')) ?? '').replace('host-', '');
    await page.goto(`${schedules}?vard=${hostId}`);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(shots, 'host-schedule-390.png') });
    await accessible('one host on a phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: join(shots, 'host-schedule-1366.png') });

    // Printed by Chromium on A4: the schedule is within the page's width (A4 less 12 mm margins: 186 mm, 703 px) and
    // takes one page.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 703, height: 1000 });
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(703);
    const table = page.locator('.schedule-table');
    expect(await table.evaluate((t) => t.getBoundingClientRect().right)).toBeLessThanOrEqual(703);
    await page.screenshot({ path: join(shots, 'host-schedule-print.png'), fullPage: true });
    const pdf = join(shots, 'host-schedule-a4.pdf');
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
    expect(readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page\b/g)?.length).toBe(1);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1366, height: 768 });
  });
});
