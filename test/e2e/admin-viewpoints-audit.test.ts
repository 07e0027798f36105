/**
 * Two follow-up pages in Chromium, on an event of their own so every count is known:
 *  - the companies' viewpoints on screen, grouped by topic with counts, filtered by zone (a GET form, no script
 *    needed), and downloaded with the same filter;
 *  - the audit log in words: a capacity changed through the program page reads "Ändrade kapaciteten för … från 40
 *    till 50" with the organiser's name, an entry about a registration erased since reads "en raderad registrering",
 *    the filters narrow the list, and no internal id appears anywhere in the page.
 * axe-core (WCAG 2.1 AA) on each page; screenshots at 1366×768 and 390×844 go to test-results/screens/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from '../../src/domain/access/policy.ts';
import { createServices } from '../../src/domain/services.ts';
import { addDays, localDate } from '../../src/domain/time.ts';
import { createNodeDeps } from '../../src/runtime/node.ts';
import { accessFixtures as fx } from '../support/app.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { registerAndConfirm } from '../support/confirm.ts';
import { projectRoot } from '../support/node-server.ts';
import { registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const screens = join(projectRoot, 'test-results', 'screens');
const slug = 'synpunkter-och-logg';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
let browser: Browser;
let context: BrowserContext;
let deps: ReturnType<typeof createNodeDeps>;

/** The companies, their industry, viewpoint topics, session and zone: what the expected groups follow from. */
const companies = [
  {
    n: 41_001,
    name: 'Åkeri Norr AB',
    industry: 'transport',
    topics: ['kompetens'],
    text: 'Fler yrkesutbildningar i länet.',
    session: 'seminar',
    zone: 'Norr',
  },
  {
    n: 41_002,
    name: 'Bygg Söder AB',
    industry: 'bygg',
    topics: ['kompetens', 'kollektivtrafik'],
    text: 'Bussar som går när skiftet slutar.',
    session: 'breakfast',
    zone: 'Söder',
  },
  {
    n: 41_003,
    name: 'Café Centrum AB',
    industry: 'hotell-restaurang',
    topics: [],
    text: 'Enklare tillstånd för uteserveringar.',
    session: 'seminar',
    zone: null,
  },
  {
    n: 41_004,
    name: 'Data Norr AB',
    industry: 'it-kommunikation',
    topics: ['kollektivtrafik'],
    text: 'Tätare turer till industriområdet.',
    session: 'seminar',
    zone: 'Norr',
  },
] as const;
const tokens = new Map<string, string>();

beforeAll(async () => {
  mkdirSync(screens, { recursive: true });
  deps = createNodeDeps({ databasePath, env: {}, publicUrl: baseUrl });
  const services = createServices(deps);
  const adminId = fx.organiser(deps.sqlite, { email: 'vera.granskare@norrvik.example', name: 'Vera Granskare', role: 'admin' });
  const actor: Actor = {
    organiserId: adminId,
    email: 'vera.granskare@norrvik.example',
    name: 'Vera Granskare',
    role: 'admin',
    eventIds: [],
    via: { kind: 'session', sessionId: 'set-up' },
  };
  const today = localDate(new Date(), 'Europe/Stockholm');
  // After the demo event, so the public home page (the earliest upcoming event) stays the demo's.
  const day = addDays(today, 90);
  const setup = services.setup;
  const created = await setup.events.create(actor, {
    slug,
    name: 'Synpunktsdagen',
    venueName: 'Stadshuset',
    venueAddress: 'Storgatan 1, Norrvik',
    organiserName: 'Norrviks kommun',
    organiserEmail: 'naringsliv@norrvik.example',
    date: day,
    startTime: '08:00',
    endTime: '16:00',
    registrationOpensDate: addDays(today, -1),
    registrationClosesDate: addDays(today, 80),
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const eventId = created.value.id;
  expect((await setup.events.update(actor, eventId, { status: 'published' })).ok).toBe(true);
  const topic = async (nameSv: string, sort: number) => {
    const t = await setup.visits.createTopic(actor, eventId, { nameSv, nameEn: nameSv, sort });
    if (!t.ok) throw new Error(JSON.stringify(t.error));
    return t.value.id;
  };
  const topicIds: Record<string, string> = { kompetens: await topic('Kompetens', 1), kollektivtrafik: await topic('Kollektivtrafik', 2) };
  const zoneIds: Record<string, string> = {};
  for (const name of ['Norr', 'Söder']) {
    const z = await setup.visits.createZone(actor, eventId, { name, latitude: null, longitude: null });
    if (!z.ok) throw new Error(JSON.stringify(z.error));
    zoneIds[name] = z.value.id;
  }
  const slot = await setup.visits.createSlot(actor, eventId, { date: day, startTime: '13:00', endTime: '14:00' });
  if (!slot.ok) throw new Error(JSON.stringify(slot.error));
  const session = async (titleSv: string, kind: 'seminar' | 'breakfast', startTime: string, endTime: string) => {
    const s = await setup.sessions.create(actor, eventId, { titleSv, titleEn: titleSv, kind, date: day, startTime, endTime, capacity: 40 });
    if (!s.ok) throw new Error(JSON.stringify(s.error));
    return s.value.id;
  };
  const sessionIds: Record<string, string> = {
    breakfast: await session('Frukostmöte', 'breakfast', '08:00', '09:00'),
    seminar: await session('Seminarium Kompetens', 'seminar', '10:00', '11:00'),
  };

  // The companies register as companies do: through the public API.
  for (const c of companies) {
    const body = registrationBody(c.n, [{ sessionIds: [sessionIds[c.session] as string] }], {
      viewpoints: { text: c.text, topics: c.topics.map((t) => topicIds[t]) },
      visitRequest: c.zone ? { slotIds: [slot.value.id], topics: [], participants: 2, message: '', zoneId: zoneIds[c.zone] } : null,
    });
    body.company.name = c.name;
    body.company.industry = c.industry;
    const { manageUrl } = await registerAndConfirm(baseUrl, slug, body);
    tokens.set(c.name, new URL(manageUrl).pathname.split('/').pop() as string);
  }
  // A company that wrote no viewpoint is not in the report.
  const silent = registrationBody(41_005, [{ sessionIds: [sessionIds.seminar as string] }]);
  silent.company.name = 'Tyst AB';
  expect(
    (
      await fetch(`${baseUrl}/api/events/${slug}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(silent),
      })
    ).status,
  ).toBe(202);

  // Before it is erased, the organiser checks in Café Centrum's attendee: the log keeps the fact, not the name.
  const attendee = deps.sqlite
    .prepare(
      `SELECT a.id FROM attendees a JOIN registrations r ON r.id = a.registration_id
       WHERE r.company_name = 'Café Centrum AB' AND r.event_id = ?`,
    )
    .get(eventId) as { id: string };
  expect((await services.followup.attendees.setCheckedIn(actor, eventId, attendee.id, true)).ok).toBe(true);

  const cookie = await fx.session(deps.sqlite, adminId);
  browser = await launchBrowser();
  // bypassCSP: axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  await context.addCookies([{ name: 'motesdagen_session', value: cookie, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
});
afterAll(async () => {
  await browser?.close();
  await deps?.db.destroy();
});

async function accessible(page: Page, name: string) {
  expect(await page.getAttribute('html', 'lang')).toBe('sv');
  expect(await axeViolations(page), name).toEqual([]);
}

/** Each topic group as "heading: companies in order". */
async function groups(page: Page): Promise<string[]> {
  return page.locator('section.fu-vp-group').evaluateAll((sections) =>
    sections.map((section) => {
      const heading = section.querySelector('h2')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      const names = [...section.querySelectorAll('li .fu-small a')].map((a) => a.textContent?.trim());
      return `${heading}: ${names.join(', ')}`;
    }),
  );
}

describe('the viewpoints on screen', () => {
  it('groups by topic with counts, filters by zone without script, and downloads the same selection', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/events/${slug}/synpunkter`);
    expect(await page.locator('h1').textContent()).toBe('Synpunkter');
    expect(await page.locator('.fu-count').textContent()).toContain('4 synpunkter i 3 ämnen');
    expect(await groups(page)).toEqual([
      'Kompetens (2 synpunkter): Bygg Söder AB, Åkeri Norr AB',
      'Kollektivtrafik (2 synpunkter): Bygg Söder AB, Data Norr AB',
      'Övrigt (1 synpunkt): Café Centrum AB',
    ]);
    expect(await page.locator('main').textContent()).not.toContain('Tyst AB');
    expect(await page.locator('main').textContent()).toContain('Bussar som går när skiftet slutar.');
    await accessible(page, 'viewpoints');
    await page.screenshot({ path: join(screens, 'admin-viewpoints-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(screens, 'admin-viewpoints-390.png'), fullPage: true });
    // Nothing runs sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1366, height: 768 });

    // Filter by zone: a plain GET form.
    await page.getByLabel('Zon').selectOption({ label: 'Norr' });
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/zone=/);
    expect(await page.locator('.fu-count').textContent()).toContain('2 synpunkter matchar i 2 ämnen');
    expect(await groups(page)).toEqual(['Kompetens (1 synpunkt): Åkeri Norr AB', 'Kollektivtrafik (1 synpunkt): Data Norr AB']);
    await accessible(page, 'viewpoints-filtered');

    // The download carries the filter: the file holds what is on screen.
    const href = (await page.getByRole('link', { name: 'Ladda ner urvalet (CSV)' }).getAttribute('href')) ?? '';
    expect(href).toMatch(/synpunkter\.csv\?zone=/);
    const csv = await (await context.request.get(`${baseUrl}${href}`)).text();
    expect(csv).toContain('Åkeri Norr AB');
    expect(csv).toContain('Data Norr AB');
    expect(csv).not.toContain('Bygg Söder AB');
    expect(csv).not.toContain('Café Centrum AB');
    expect(await page.getByRole('link', { name: 'Ladda ner urvalet (Excel)' }).getAttribute('href')).toMatch(/synpunkter\.xlsx\?zone=/);
    await page.close();
  });

  it('filters by industry and by session too', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/events/${slug}/synpunkter`);
    await page.getByLabel('Bransch').selectOption({ label: 'Bygg och anläggning' });
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/industry=bygg/);
    expect(await groups(page)).toEqual(['Kompetens (1 synpunkt): Bygg Söder AB', 'Kollektivtrafik (1 synpunkt): Bygg Söder AB']);
    await page.getByRole('link', { name: 'Rensa' }).click();
    await page.getByLabel('Programpunkt').selectOption({ label: '10:00 Seminarium Kompetens' });
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/session=/);
    expect(await groups(page)).toEqual([
      'Kompetens (1 synpunkt): Åkeri Norr AB',
      'Kollektivtrafik (1 synpunkt): Data Norr AB',
      'Övrigt (1 synpunkt): Café Centrum AB',
    ]);
    await page.close();
  });
});

describe('the audit log in words', () => {
  it('says who changed what from what to what, copes with an erased registration, filters, and shows no internal id', async () => {
    const page = await context.newPage();
    // Change a capacity as an organiser does: on the program page.
    await page.goto(`${baseUrl}/admin/events/${slug}/program`);
    await page.getByRole('link', { name: 'Ändra Seminarium Kompetens' }).click();
    await page.getByLabel('Platser').fill('50');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.waitForURL(/sparad=/);

    // Café Centrum erases its registration through its manage link.
    const erased = await fetch(`${baseUrl}/api/registrations/${tokens.get('Café Centrum AB')}/erase`, { method: 'POST' });
    expect(erased.status).toBe(200);

    await page.goto(`${baseUrl}/admin/events/${slug}/audit`);
    expect(await page.locator('h1').textContent()).toBe('Ändringslogg');
    const rows = page.locator('table.fu-table tbody tr');
    const newest = (await rows.first().textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(newest).toContain('Vera Granskare');
    expect(newest).toContain('Ändrade kapaciteten för Seminarium Kompetens från 40 till 50');
    const main = ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(main).toContain('Checkade in en deltagare i en raderad registrering');
    expect(main).not.toContain('Café Centrum');
    expect(main).toContain('Lade till programpunkten Frukostmöte');
    expect(main).toContain('Lade till zonen Norr');
    expect(main).not.toMatch(/check_in|session|\{"/);
    expect(await page.content()).not.toMatch(UUID);
    await accessible(page, 'audit');
    await page.screenshot({ path: join(screens, 'admin-audit-1366.png'), fullPage: true });

    // Only the program, then only this week's changes by Vera: still the capacity change.
    await page.getByLabel('Vad').selectOption({ label: 'Programpunkter' });
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/kind=program/);
    const programOnly = await rows.allTextContents();
    expect(programOnly.length).toBe(3);
    for (const row of programOnly) expect(row).toMatch(/programpunkten|Seminarium Kompetens/);
    await page.getByLabel('Vem').selectOption({ label: 'Vera Granskare' });
    const today = localDate(new Date(), 'Europe/Stockholm');
    await page.getByLabel('Från och med').fill(addDays(today, -1));
    await page.getByLabel('Till och med').fill(addDays(today, 1));
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/who=/);
    expect(await rows.count()).toBe(3);
    expect(await page.locator('.fu-count').textContent()).toContain('3 ändringar matchar');
    // A day range in the past has nothing.
    await page.getByLabel('Till och med').fill(addDays(today, -1));
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/to=/);
    expect(await page.locator('.fu-count').textContent()).toContain('Inga ändringar matchar');
    await accessible(page, 'audit-filtered');

    // A mistyped date in a hand-edited link is named, and the rest of the filter still applies.
    await page.goto(`${baseUrl}/admin/events/${slug}/audit?kind=program&from=2026-13-45`);
    expect(await page.getByRole('alert').textContent()).toMatch(/Från och med\s*: ange ett datum som ÅÅÅÅ-MM-DD\./);
    expect(await rows.count()).toBe(3);
    await accessible(page, 'audit-bad-date');
    await page.close();
  });
});
