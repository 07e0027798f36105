/**
 * The manage link (issue 3) in a real browser: change an attendee's sessions, withdraw the visit request,
 * cancel the whole registration and erase the personal data, each through its confirmation step; and
 * axe-core (WCAG 2.1 AA) on the manage page in Swedish and English.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { registerAndConfirm } from '../support/confirm.ts';
import { compatibleSessions, type DemoEvent, type DemoSession, demoEvent, screenshot } from '../support/registration-page.ts';
import { registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const n = 30101;

let browser: Browser;
let page: Page;
let event: DemoEvent;
/** `/hantera/<token>` of the registration these tests work on, in order. */
let managePath: string;
let kept: DemoSession;
let dropped: DemoSession;
let added: DemoSession;

beforeAll(async () => {
  [browser, event] = await Promise.all([launchBrowser(), demoEvent(baseUrl)]);
  [kept, dropped] = compatibleSessions(event, 2, 0) as [DemoSession, DemoSession];
  // A session the attendee can add: at another time than the two they keep.
  added = event.sessions.find((s) => s.startsAt >= dropped.endsAt) as DemoSession;
  const slot = event.visitSlots[0];
  const body = registrationBody(
    n,
    [
      { name: 'Astrid Ändring', sessionIds: [kept.id, dropped.id] },
      { name: 'Bertil Bägge', sessionIds: [kept.id] },
    ],
    {
      visitRequest: { slotIds: [slot?.id], topics: [], participants: 2, message: 'Ring på vid grinden.' },
    },
  );
  managePath = new URL((await registerAndConfirm(baseUrl, event.slug, body)).manageUrl).pathname;
  expect(managePath).toMatch(/^\/hantera\/[A-Za-z0-9_-]{20,}$/);
  // bypassCSP: axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
});
afterAll(async () => {
  await browser?.close();
});

async function text(selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The titles and statuses booked for one attendee, as the page lists them. */
async function booked(attendee: string): Promise<string[]> {
  const items = page.getByRole('region', { name: attendee }).locator('li');
  return (
    await items.evaluateAll((lis) =>
      lis.map((li) => `${li.querySelector('.booked-title')?.textContent}: ${li.querySelector('.status')?.textContent}`),
    )
  ).sort();
}

async function remaining(session: DemoSession): Promise<number> {
  const detail = (await (await fetch(`${baseUrl}/api/events/${event.slug}`)).json()) as DemoEvent;
  return detail.sessions.find((s) => s.id === session.id)?.remaining ?? Number.NaN;
}

describe('manage link', () => {
  it('shows the registration privately, and passes axe in Swedish and English', async () => {
    const response = await page.goto(`${baseUrl}${managePath}`);
    expect(response?.status()).toBe(200);
    // The token is in the URL: the page must not leak it to other sites or be cached.
    expect(response?.headers()['referrer-policy']).toBe('same-origin');
    expect(response?.headers()['cache-control']).toBe('no-store');
    expect(await text('h1')).toBe(`Er anmälan: Testföretag ${n} AB`);
    expect(await booked('Astrid Ändring')).toEqual([`${kept.title.sv}: Bekräftad`, `${dropped.title.sv}: Bekräftad`].sort());
    expect(await text('.visit-summary')).toContain('Ni har önskat ett företagsbesök.');
    expect(await axeViolations(page)).toEqual([]);
    // The change form inside the closed <details> too.
    await page.locator('summary', { hasText: 'Ändra anmälan' }).click();
    expect(await page.getByRole('button', { name: 'Spara ändringar' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    const english = await page.goto(`${baseUrl}/en${managePath}`);
    expect(english?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text('h1')).toBe(`Your registration: Testföretag ${n} AB`);
    expect(await booked('Astrid Ändring')).toEqual([`${kept.title.en}: Confirmed`, `${dropped.title.en}: Confirmed`].sort());
    expect(await axeViolations(page)).toEqual([]);
  });

  it("changes an attendee's sessions through the form inside “Ändra anmälan”", async () => {
    await page.goto(`${baseUrl}${managePath}`);
    const change = page.locator('details.change');
    expect(await change.getAttribute('open')).toBeNull();
    await change.locator('summary').click();
    const sessions = change.getByRole('group', { name: 'Programpunkter för deltagare 1' });
    await sessions.getByRole('checkbox', { name: dropped.title.sv }).uncheck();
    await sessions.getByRole('checkbox', { name: added.title.sv }).check();
    const before = await remaining(dropped);
    await change.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.waitForURL(`${baseUrl}${managePath}?sparad=1`, { timeout: 10_000 }).catch(async (error: Error) => {
      throw new Error(`not saved, at ${page.url()}: ${(await page.content()).slice(0, 4000)}`, { cause: error });
    });
    expect(await text('[role="status"]')).toBe('Ändringarna är sparade.');
    expect(await booked('Astrid Ändring')).toEqual([`${kept.title.sv}: Bekräftad`, `${added.title.sv}: Bekräftad`].sort());
    expect(await booked('Bertil Bägge')).toEqual([`${kept.title.sv}: Bekräftad`]);
    expect(await remaining(dropped)).toBe(before + 1);
    await screenshot(page, 'manage-saved');
  });

  it('withdraws the visit request', async () => {
    await page.getByRole('button', { name: 'Ta tillbaka önskemålet om företagsbesök' }).click();
    await page.waitForURL(`${baseUrl}${managePath}?besok=borttaget`);
    expect(await text('[role="status"]')).toBe('Önskemålet om företagsbesök är borttaget.');
    await page.getByText('Ni har inte önskat något företagsbesök.').waitFor();
    expect(await page.locator('.visit-summary').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Ta tillbaka önskemålet om företagsbesök' }).count()).toBe(0);
  });

  it('cancels the whole registration only after the confirmation step', async () => {
    const cancel = page.getByRole('link', { name: 'Avboka hela anmälan' });
    await cancel.click();
    await page.waitForURL(`${baseUrl}${managePath}?bekrafta=avboka#cancel-title`);
    expect(await text('.danger-zone .confirm strong')).toBe('Vill ni avboka hela anmälan?');
    // Going back changes nothing.
    await page.getByRole('link', { name: 'Nej, gå tillbaka' }).click();
    await page.waitForURL(`${baseUrl}${managePath}`);
    expect(await page.getByText('Den här anmälan är avbokad.').count()).toBe(0);

    const places = await remaining(kept);
    await cancel.click();
    await page.waitForURL(/bekrafta=avboka/);
    await page.getByRole('button', { name: 'Ja, avboka anmälan' }).click();
    // (The browser keeps the confirmation step's #cancel-title across the redirect.)
    await page.waitForURL((url) => url.pathname === managePath && url.search === '?avbokad=1');
    expect(await text('[role="status"]')).toBe('Den här anmälan är avbokad.');
    // Both attendees' places in the kept session are given back; nothing is left to change or cancel.
    expect(await remaining(kept)).toBe(places + 2);
    expect(await page.locator('details.change').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Avboka hela anmälan' }).count()).toBe(0);
    await screenshot(page, 'manage-cancelled');
  });

  it('erases the personal data after the confirmation step; the link then stops working', async () => {
    await page.getByRole('link', { name: 'Radera personuppgifterna' }).click();
    await page.waitForURL(`${baseUrl}${managePath}?bekrafta=radera#erase-title`);
    expect(await text('.danger-zone .confirm strong')).toBe('Vill ni radera alla personuppgifter i anmälan? Det går inte att ångra.');
    await page.getByRole('button', { name: 'Ja, radera uppgifterna' }).click();
    await page.getByText('Personuppgifterna är raderade. Länken fungerar inte längre.').waitFor();
    expect(await text('h1')).toBe('Radera personuppgifterna');
    expect(await page.getByText(`Testföretag ${n} AB`).count()).toBe(0);

    const response = await page.goto(`${baseUrl}${managePath}`);
    expect(response?.status()).toBe(404);
    expect(await text('h1')).toBe('Länken fungerar inte');
    expect(await page.getByText('Astrid Ändring').count()).toBe(0);
  });
});
