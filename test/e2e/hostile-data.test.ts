/**
 * Hostile data stays inert and intact everywhere it travels: a company whose name, address and viewpoint
 * carry HTML, script, template braces, right-to-left overrides and long text registers through the API,
 * gets a visit planned and confirmed; then its manage page (in Chromium), every email, every calendar file
 * and every export show exactly what was typed, and nothing runs.
 */
import BetterSqlite3 from 'better-sqlite3';
import ICAL from 'ical.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDemoRegistrations } from '../../db/demo-registrations.ts';
import { buildExport, exportKinds } from '../../src/domain/exports.ts';
import { createServices } from '../../src/domain/services.ts';
import { createNodeDeps } from '../../src/runtime/node.ts';
import { launchBrowser } from '../support/browser.ts';
import { registerAndConfirm } from '../support/confirm.ts';
import { registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');

// Bidi overrides (U+202E) are refused at the door (test/contract/text-fields.test.ts); the marks scripts need pass.
const NAME = `<script>window.pwned=1</script>{{7*7}} Ond\u200Fgnp.exe & "Co" AB ${'Å'.repeat(120)}`.slice(0, 200);
const STREET = `<img src=x onerror="window.pwned=2">Gatan {{constructor}} 1`;
// Trimmed like every text field is on input.
const VIEW = `=HYPERLINK("http://evil.example")\n<b>fet</b> {{#each}} \u200Femordnilap\n${'Lång synpunkt. '.repeat(200)}`
  .slice(0, 4000)
  .trimEnd();

let browser: Browser;
let manageUrl: string;
let registrationId: string;

beforeAll(async () => {
  const { events } = (await (await fetch(`${baseUrl}/api/events`)).json()) as { events: { slug: string }[] };
  const slug = events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug as string;
  const event = (await (await fetch(`${baseUrl}/api/events/${slug}`)).json()) as {
    sessions: { id: string }[];
    visitSlots: { id: string }[];
  };
  const body = registrationBody(45_000, [{ name: NAME.slice(0, 120), sessionIds: [event.sessions[0]?.id as string] }], {
    viewpoints: { text: VIEW, topics: [] },
    visitRequest: { slotIds: event.visitSlots.map((s) => s.id), topics: [], participants: 2, message: VIEW.slice(0, 2000) },
  });
  body.company.name = NAME;
  body.company.address.street = STREET;
  body.contact.name = NAME.slice(0, 120);
  ({ manageUrl, id: registrationId } = await registerAndConfirm<{ id: string }>(baseUrl, slug, body));

  // Plan and confirm its visit through the services on the same database, so visit invites carry the name.
  const deps = createNodeDeps({ databasePath, env: {}, publicUrl: baseUrl });
  const services = createServices(deps);
  await addDemoRegistrations(services, slug, 3);
  // Other tests share this database and may have used hosts already: put this company first in line,
  // as an organiser can, so its visit is planned whatever ran before.
  await deps.db.updateTable('visit_requests').set({ priority: 1000 }).where('registration_id', '=', registrationId).execute();
  const request = await deps.db
    .selectFrom('visit_requests')
    .select('id')
    .where('registration_id', '=', registrationId)
    .executeTakeFirstOrThrow();
  const plan = await services.visits.propose(slug, { iterations: 5_000 });
  if (!plan.ok) throw new Error('planning failed');
  expect(plan.value.visits.map((v) => v.requestId)).toContain(request.id);
  expect(await services.visits.accept(slug, plan.value.visits)).toMatchObject({ ok: true });
  await services.visits.confirm(slug);
  await deps.db.destroy();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('hostile data', () => {
  it('shows inert and intact on the manage page, in both languages', async () => {
    for (const url of [manageUrl, manageUrl.replace('/hantera/', '/en/hantera/')]) {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(url);
      expect(await page.locator('h1').textContent()).toContain(NAME);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      // The change form holds the values exactly.
      expect(await page.locator('#f-company-address-street').inputValue()).toBe(STREET);
      expect(await page.locator('#f-viewpoints-text').inputValue()).toBe(VIEW);
      await page.close();
    }
  });

  it('is escaped in every email, intact in every text body and calendar file, and single-line in subjects', () => {
    const db = new BetterSqlite3(databasePath, { readonly: true });
    const messages = db
      .prepare(`SELECT kind, subject, html, text, ics FROM outbox WHERE html LIKE '%Ond%' OR text LIKE '%Ond%' OR ics LIKE '%Ond%'`)
      .all() as { kind: string; subject: string; html: string; text: string; ics: string | null }[];
    db.close();
    const kinds = new Set(messages.map((m) => m.kind));
    for (const kind of ['registration_confirmed', 'visit_request_received', 'visit_confirmed', 'visit_assignment'])
      expect(kinds).toContain(kind);
    for (const m of messages) {
      expect(m.html).not.toContain('<script>window.pwned');
      // Escaped, the attribute text may appear (&lt;img … onerror=…), but never as a real tag.
      expect(m.html).not.toContain('<img src=x');
      expect(m.subject).not.toMatch(/[\r\n]/);
      // The mark after "Ond" tells the name from a random link that happens to contain the letters.
      if (m.text.includes('Ond\u200F')) expect(m.text).toContain(NAME);
      if (m.ics) {
        const calendar = new ICAL.Component(ICAL.parse(m.ics));
        for (const event of calendar.getAllSubcomponents('vevent')) {
          const summary = String(event.getFirstPropertyValue('summary'));
          if (summary.includes('Ond')) expect(summary).toContain(NAME);
          const location = String(event.getFirstPropertyValue('location') ?? '');
          if (location.includes('Gatan')) expect(location).toContain(STREET);
        }
      }
    }
    expect(
      messages.some((m) => m.kind === 'visit_assignment' && m.text.includes(VIEW.slice(0, 2000).trim().split('\n')[0] as string)),
    ).toBe(true);
  });

  it('cannot become a formula in any export, and stays intact there', async () => {
    const deps = createNodeDeps({ databasePath, env: {}, publicUrl: baseUrl });
    const event = await deps.db.selectFrom('registrations').select('event_id').where('id', '=', registrationId).executeTakeFirstOrThrow();
    for (const kind of exportKinds) {
      const { csv } = await buildExport(deps.db, event.event_id, kind);
      for (const line of csv.split('\r\n')) {
        for (const cell of line.split(';')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
      }
    }
    const registrations = (await buildExport(deps.db, event.event_id, 'registreringar')).csv;
    expect(registrations).toContain(`"${NAME.replaceAll('"', '""')}"`);
    const viewpoints = (await buildExport(deps.db, event.event_id, 'synpunkter')).csv;
    expect(viewpoints).toContain(`"'${VIEW.replaceAll('"', '""')}"`);
    await deps.db.destroy();
  });
});
