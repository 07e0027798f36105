/**
 * A visit follows its company, walked in Chromium from every side. A small event with one visit slot and one
 * possible delegation (a politician and an official), two companies asking for it: the organiser plans and
 * confirms one visit, the other waits in the queue. The host subscribes to their calendar feed from their own page.
 * The company with the visit sees it on its manage page (when, where, who) and cancels it there. Then: the hosts'
 * cancellations with their calendar files are in the outbox, the host's feed holds nothing, the board shows nothing
 * live for that company, and the freed hosts are offered to the company first in the queue, placed and confirmed
 * with one click. axe-core on every page; screenshots of the manage page and the board.
 */
import { mkdirSync } from 'node:fs';
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
const slug = 'besokskon';
const board = `${baseUrl}/admin/events/${slug}/planering`;
const politician = { name: 'Petra Politiker', email: 'petra.politiker@norrvik.example' };
const official = { name: 'Olle Tjänsteman', email: 'olle.tjansteman@norrvik.example' };

let browser: Browser;
let organiserContext: BrowserContext;
let page: Page;
let manageUrl: string;
const companyA = 'Testföretag 61001 AB';
const companyB = 'Testföretag 61002 AB';
let manageUrlB: string;
/** The company left waiting once the other's visit is cancelled. */
let waitingCompany = companyB;

/** A small published event straight into the server's database: one session, one topic, one visit slot, two hosts. */
function createEvent() {
  const sqlite = new BetterSqlite3(databasePath);
  const day = new Date(Date.now() + 400 * 86_400_000);
  const at = (hour: number) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour)).toISOString();
  const now = new Date().toISOString();
  const id = 'event-besokskon';
  sqlite
    .prepare(
      `INSERT INTO events (id, slug, name, venue_name, venue_address, starts_at, ends_at, registration_opens_at,
         registration_closes_at, status, organiser_name, organiser_email, created_at, updated_at)
       VALUES (?, ?, 'Besöksdagen', 'Stadshuset', 'Storgatan 1, Norrvik', ?, ?, ?, ?, 'published', 'Näringslivskontoret',
         'naringsliv@norrvik.example', ?, ?)`,
    )
    .run(id, slug, at(7), at(15), new Date(Date.now() - 86_400_000).toISOString(), at(6), now, now);
  sqlite
    .prepare("INSERT INTO topics (id, event_id, slug, name_sv, name_en) VALUES ('bk-topic', ?, 'kompetens', 'Kompetens', 'Skills')")
    .run(id);
  sqlite
    .prepare(
      `INSERT INTO sessions (id, event_id, title_sv, title_en, starts_at, ends_at, capacity, created_at, updated_at)
       VALUES ('bk-session', ?, 'Frukostmöte', 'Breakfast meeting', ?, ?, 50, ?, ?)`,
    )
    .run(id, at(7), at(8), now, now);
  sqlite.prepare("INSERT INTO visit_slots (id, event_id, starts_at, ends_at) VALUES ('bk-slot', ?, ?, ?)").run(id, at(9), at(10));
  for (const [hostId, kind, person, party, department] of [
    ['bk-politician', 'politician', politician, 'S', null],
    ['bk-official', 'official', official, null, 'Näringslivskontoret'],
  ] as const) {
    sqlite
      .prepare(
        `INSERT INTO hosts (id, event_id, kind, name, email, party, department, roles, title, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        hostId,
        id,
        kind,
        person.name,
        person.email,
        party,
        department,
        party ? 'Kommunalråd' : '',
        party ? '' : 'Näringslivschef',
        now,
        now,
      );
    sqlite.prepare("INSERT INTO host_availability (host_id, slot_id) VALUES (?, 'bk-slot')").run(hostId);
  }
  sqlite.close();
}

async function register(n: number): Promise<string> {
  const body = registrationBody(n, [{ sessionIds: ['bk-session'] }], {
    visitRequest: { slotIds: ['bk-slot'], topics: ['bk-topic'], participants: 2, message: 'Välkomna, parkering finns.' },
  });
  return (await registerAndConfirm(baseUrl, slug, body)).manageUrl;
}

/** The rows of the development mailbox for one recipient and kind, newest first. */
async function mailboxRows(to: string, kind: string) {
  await page.goto(`${baseUrl}/dev/mailbox`);
  return page.locator('tbody tr').filter({ hasText: to }).filter({ hasText: kind });
}

async function accessible(name: string) {
  expect(await axeViolations(page), name).toEqual([]);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  createEvent();
  manageUrl = await register(61_001);
  manageUrlB = await register(61_002);
  browser = await launchBrowser();
  organiserContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  page = await organiserContext.newPage();
  await signInAsOrganiser(page, baseUrl);
});
afterAll(async () => {
  await browser?.close();
  // Other browser tests share this server and expect the demo event to be the only one an organiser sees first.
  const sqlite = new BetterSqlite3(databasePath);
  sqlite.prepare("DELETE FROM events WHERE slug = 'besokskon'").run();
  sqlite.close();
});

describe('a visit follows its company, seen from every side', () => {
  let feedUrl: string;

  it('the organiser plans and confirms one visit; the other company waits first in the queue', async () => {
    await page.goto(board);
    await page.getByRole('button', { name: 'Planera automatiskt' }).click();
    await page.waitForLoadState();
    await page.getByRole('button', { name: 'Godkänn ändringen', exact: true }).click();
    await page.waitForURL(/godkant=1/);
    await page.getByRole('button', { name: /^Bekräfta 1 föreslagna besök/ }).click();
    await page.waitForURL(/bekraftat=1/);
    await expect(page.locator('.visit-confirmed .visit-company').first().textContent()).resolves.toMatch(/Testföretag 6100[12] AB/);
    const queue = page.locator('.unplaced-list li');
    await expect(queue.count()).resolves.toBe(1);
    await expect(queue.first().textContent()).resolves.toMatch(/Plats 1/);
    await accessible('board with a queue');
  });

  it('the host subscribes to their visits from their own page', async () => {
    await page.goto(`${baseUrl}/admin/events/${slug}/vardar`);
    await page.getByRole('button', { name: `Skicka länk till ${politician.name}` }).click();
    await page.waitForURL(/inbjuden=/);
    const rows = await mailboxRows(politician.email, 'host_invitation');
    await rows.first().getByRole('link').click();
    const text = (await page.locator('pre.mail-text').first().textContent()) ?? '';
    const hostLink = /https?:\/\/\S+\/vard\/[A-Za-z0-9_-]{20,100}/.exec(text)?.[0];
    expect(hostLink).toBeDefined();
    const hostContext = await browser.newContext();
    const hostPage = await hostContext.newPage();
    await hostPage.goto(hostLink as string);
    await hostPage.getByRole('button', { name: 'Skapa en kalenderlänk att prenumerera på' }).click();
    feedUrl = ((await hostPage.locator('.notice code').textContent()) ?? '').trim();
    await hostContext.close();
    const feed = new ICAL.Component(ICAL.parse(await (await fetch(feedUrl)).text()));
    expect(feed.getAllSubcomponents('vevent')).toHaveLength(1);
  });

  it('which company got the visit sees it on its manage page and cancels it there', async () => {
    // The planned company is whichever the engine chose; open its manage page (the other one's shows no visit).
    const visitCompany = (await page.goto(board), await page.locator('.visit-confirmed .visit-company').first().textContent()) ?? '';
    const url = visitCompany === companyA ? manageUrl : manageUrlB;
    const companyContext = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const company = await companyContext.newPage();
    await company.goto(url);
    const booked = company.locator('.visit-booked');
    await expect(booked.locator('h3').textContent()).resolves.toBe('Ert företagsbesök är bokat');
    const who = (await booked.locator('dd').nth(2).textContent()) ?? '';
    expect(who).toContain(`${politician.name}, Kommunalråd (S)`);
    expect(who).toContain(`${official.name}, Näringslivschef, Näringslivskontoret`);
    expect(await axeViolations(company), 'manage page with a visit').toEqual([]);
    await company.screenshot({ path: join(shots, 'manage-visit-390.png'), fullPage: true });
    await company.getByRole('button', { name: 'Avboka företagsbesöket' }).click();
    await company.waitForURL(/besok=avbokat/);
    await expect(company.getByRole('status').textContent()).resolves.toBe(
      'Företagsbesöket är avbokat. Alla som skulle komma har fått en avbokning.',
    );
    await expect(company.locator('.visit-booked').count()).resolves.toBe(0);
    await companyContext.close();
    waitingCompany = visitCompany === companyA ? companyB : companyA;
  });

  it("the hosts' cancellations and calendar files are in the outbox, and the host's feed is empty", async () => {
    for (const host of [politician, official]) {
      const rows = await mailboxRows(host.email, 'visit_cancelled');
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().locator('td').nth(4).textContent()).resolves.toBe('CANCEL');
      await rows.first().getByRole('link').click();
      const ics = (await page.locator('pre.mail-text').nth(1).textContent()) ?? '';
      const calendar = new ICAL.Component(ICAL.parse(ics));
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect((calendar.getFirstSubcomponent('vevent') as ICAL.Component).getFirstPropertyValue('sequence')).toBe(1);
    }
    const feed = new ICAL.Component(ICAL.parse(await (await fetch(feedUrl)).text()));
    expect(feed.getAllSubcomponents('vevent')).toHaveLength(0);
  });

  it('the board shows nothing live, and offers the freed hosts to the company first in the queue', async () => {
    await page.goto(board);
    await expect(page.locator('.visit-block').count()).resolves.toBe(0);
    const first = page.locator('.unplaced-list li').filter({ hasText: waitingCompany });
    await expect(first.textContent()).resolves.toMatch(/Plats 1/);
    await expect(first.locator('.reason-ok').textContent()).resolves.toMatch(/Kan placeras nu/);
    await page.screenshot({ path: join(shots, 'board-queue-1366.png'), fullPage: true });
    await accessible('board with a placeable queue');
    await first.getByRole('button', { name: `Placera och bekräfta ${waitingCompany}` }).click();
    await page.waitForURL(/placerade=1/);
    await expect(page.locator('.visit-confirmed .visit-company').first().textContent()).resolves.toBe(waitingCompany);
    const n = waitingCompany === companyA ? 61_001 : 61_002;
    const told = await mailboxRows(`kontakt${n}@foretag${n}.se`, 'visit_confirmed');
    await expect(told.count()).resolves.toBe(1);
  });

  it('the organiser cancels the confirmed visit from its page and is told it is done', async () => {
    await page.goto(board);
    await page.locator('.visit-confirmed a.visit-block').first().click();
    await page.waitForURL(/\/planering\/besok\//);
    await page.getByLabel('Meddelande till företaget och värdarna (frivilligt)').fill('Vi har fått förhinder.');
    await page.getByRole('button', { name: 'Avboka besöket' }).click();
    await page.waitForURL(/avbokat=meddelat/);
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'Besöket är avbokat. Avbokningarna till företaget och värdarna ligger i utskicken.',
    );
    await expect(page.locator('.visit-block').count()).resolves.toBe(0);
  });
});
