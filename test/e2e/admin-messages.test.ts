/**
 * What organisers read: every kind of message in the outbox has its Swedish label; a session outside the event's
 * hours or without places carries a warning, and one with bookings says why it cannot be removed; a sign-in link
 * opened again shows only its error. In Chromium, checked with axe.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compiler } from '../../db/compiler.ts';
import { DEMO_ORGANISER_EMAIL } from '../../db/demo-event.ts';
import { emailKinds } from '../../emails/index.ts';
import { messageKind } from '../../site/components/admin/followup/labels.ts';
import { linkFromMailbox } from '../support/admin-sign-in.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const slug = 'sma-saker';
const eventId = `event-${slug}`;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let usedLink: string;

function setUp(now = new Date()) {
  const stamp = now.toISOString();
  const at = (hour: number, minute = 0) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 100, hour, minute)).toISOString();
  const session = (id: string, title: string, start: number, end: number, capacity: number) =>
    compiler
      .insertInto('sessions')
      .values({
        id,
        event_id: eventId,
        title_sv: title,
        title_en: title,
        starts_at: at(start),
        ends_at: at(end),
        capacity,
        created_at: stamp,
        updated_at: stamp,
      })
      .compile();
  const queries = [
    compiler
      .insertInto('events')
      .values({
        id: eventId,
        slug,
        name: 'Småsakernas dag',
        venue_name: 'Rådhuset',
        venue_address: 'Torget 1, 641 32 Norrvik',
        starts_at: at(7),
        ends_at: at(15),
        registration_opens_at: stamp,
        registration_closes_at: at(0),
        status: 'published',
        organiser_name: 'Näringslivskontoret',
        organiser_email: 'naringsliv@norrvik.example',
        created_at: stamp,
        updated_at: stamp,
      })
      .compile(),
    session('sma-inne', 'Inom dagen', 8, 9, 10),
    session('sma-tidig', 'Före dagen', 6, 7, 10),
    session('sma-noll', 'Utan platser', 9, 10, 0),
    session('sma-bokad', 'Med bokningar', 10, 11, 10),
    // One message of every kind the outbox holds.
    ...emailKinds.map((kind, index) =>
      compiler
        .insertInto('outbox')
        .values({
          id: `sma-${kind}`,
          event_id: eventId,
          kind,
          to_address: 'mottagare@norrvik.example',
          subject: `Meddelande nummer ${index + 1}`,
          html: '<p>x</p>',
          text: 'x',
          next_attempt_at: stamp,
          created_at: stamp,
        })
        .compile(),
    ),
  ];
  const sqlite = new BetterSqlite3(databasePath);
  sqlite.pragma('foreign_keys = ON');
  for (const query of queries) sqlite.prepare(query.sql).run(...(query.parameters as unknown[]));
  sqlite.close();
}

beforeAll(async () => {
  setUp();
  const booked = await fetch(`${baseUrl}/api/events/${slug}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(registrationBody(30401, [{ sessionIds: ['sma-bokad'] }])),
  });
  expect(booked.status).toBe(202);
  browser = await launchBrowser();
  // bypassCSP: axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  page = await context.newPage();
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('E-postadress').fill(DEMO_ORGANISER_EMAIL);
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  await page.waitForURL(/skickad=1/);
  usedLink = await linkFromMailbox(page, baseUrl);
  await page.goto(usedLink);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(`${baseUrl}/admin`);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  const sqlite = new BetterSqlite3(databasePath);
  sqlite.pragma('foreign_keys = ON');
  sqlite.prepare('DELETE FROM outbox WHERE event_id = ?').run(eventId);
  sqlite.prepare('DELETE FROM events WHERE id = ?').run(eventId);
  sqlite.close();
});

describe('the organisers’ pages in words', () => {
  it('label every kind of message in the outbox in Swedish, never by its code', async () => {
    await page.goto(`${baseUrl}/admin/events/${slug}/utskick`);
    const table = page.locator('main table');
    const shown = await table.locator('tbody a').allTextContents();
    for (const kind of emailKinds) {
      expect(messageKind[kind], kind).toMatch(/^[A-ZÅÄÖ][a-zåäö]/);
      expect(shown, kind).toContain(messageKind[kind]);
    }
    const text = (await table.textContent()) ?? '';
    for (const kind of emailKinds) expect(text, kind).not.toContain(kind);
    expect(await axeViolations(page)).toEqual([]);

    // The message's own page names its kind in Swedish too.
    await page.goto(`${baseUrl}/admin/events/${slug}/utskick/sma-visit_assignment`);
    expect(await page.locator('main').textContent()).toContain('Uppdrag: företagsbesök');
  });

  it('warn of a session outside the event’s hours or without places, and say why a booked one stays', async () => {
    await page.goto(`${baseUrl}/admin/events/${slug}/program`);
    const row = (title: string) => page.locator('tbody tr', { has: page.getByRole('rowheader', { name: new RegExp(`^${title}`) }) });
    expect(await row('Inom dagen').locator('.setup-warning').count()).toBe(0);
    expect(await row('Före dagen').locator('.setup-warning').textContent()).toMatch(
      /^Obs! Ligger utanför evenemangets tider \(\d\d:\d\d–\d\d:\d\d\)\.$/,
    );
    expect(await row('Utan platser').locator('.setup-warning').textContent()).toBe(
      'Obs! Har 0 platser: ingen kan anmäla sig, alla hamnar på väntelistan.',
    );
    const booked = row('Med bokningar');
    expect(await booked.getByRole('button', { name: /^Ta bort/ }).count()).toBe(0);
    expect(((await booked.locator('.setup-actions').textContent()) ?? '').replace(/\s+/g, ' ')).toContain(
      'Kan inte tas bort: 1 deltagare har plats eller står på väntelistan.',
    );
    expect(
      await row('Inom dagen')
        .getByRole('button', { name: /^Ta bort/ })
        .count(),
    ).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('show only the error for a sign-in link opened again', async () => {
    const response = await page.goto(usedLink);
    expect(response?.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('Länken fungerar inte längre');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toContain('Inloggad som');
    expect(await page.getByRole('navigation', { name: 'Administration' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Logga in' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Till evenemangen' }).getAttribute('href')).toBe('/admin');
    expect(await axeViolations(page)).toEqual([]);

    // Signed out, the way on is a new link.
    const fresh = await browser.newPage();
    await fresh.goto(usedLink);
    expect(await fresh.getByRole('link', { name: 'Be om en ny länk' }).getAttribute('href')).toBe('/admin');
    await fresh.close();
  });
});
