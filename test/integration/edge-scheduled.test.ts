/**
 * Scheduled work at the edge: the Worker's `scheduled` handler (the cron trigger) runs the jobs module
 * (src/domain/jobs.ts). Under `wrangler dev --test-scheduled`, `/cdn-cgi/handler/scheduled` fires it. A
 * registration's email and a day-before reminder reach a stand-in for Resend; an event past its
 * retention time loses its personal data.
 *
 * Runs the built Worker (`npm run build:edge`) under `wrangler dev` with a local D1.
 */
import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compiler } from '../../db/compiler.ts';
import { confirmationLinkIn, confirmThrough } from '../support/confirm.ts';
import type { EdgeTarget } from '../support/edge-server.ts';
import { startEdgeTarget } from '../support/edge-server.ts';
import { type FakeResend, startFakeResend } from '../support/fake-resend.ts';
import { registrationBody } from '../support/registrations.ts';

let edge: EdgeTarget;
let resend: FakeResend;
const HOUR = 3_600_000;

/** Two events: `imorgon` starts in 20 hours (reminders are due), `forr` will be moved past its retention time. */
function events(now: Date): CompiledQuery[] {
  const stamp = now.toISOString();
  const at = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();
  return ['imorgon', 'forr'].flatMap((slug) => [
    compiler
      .insertInto('events')
      .values({
        id: `event-${slug}`,
        slug,
        name: `Testdagen ${slug}`,
        venue_name: 'Testhuset',
        venue_address: 'Provgatan 1, 611 30 Norrvik',
        starts_at: at(20),
        ends_at: at(28),
        registration_opens_at: at(-48),
        registration_closes_at: at(10),
        status: 'published',
        organiser_name: 'Testkontoret',
        organiser_email: 'test@norrvik.example',
        created_at: stamp,
        updated_at: stamp,
      })
      .compile(),
    compiler
      .insertInto('sessions')
      .values({
        id: `${slug}-1`,
        event_id: `event-${slug}`,
        title_sv: 'Pass 1',
        title_en: 'Session 1',
        starts_at: at(20),
        ends_at: at(21),
        room: 'Sal 1',
        capacity: 10,
        created_at: stamp,
        updated_at: stamp,
      })
      .compile(),
  ]);
}

beforeAll(async () => {
  resend = await startFakeResend();
  edge = await startEdgeTarget(
    {
      RESEND_API_KEY: 're_test',
      RESEND_BASE_URL: resend.url,
      PUBLIC_URL: 'https://motesdagen.example',
      RATE_LIMIT_WRITES_PER_MINUTE: '1000',
    },
    ['--test-scheduled'],
  );
  await edge.apply(events(new Date()));
}, 180_000);

afterAll(async () => {
  await edge?.stop();
  await resend?.close();
});

const register = async (slug: string, n: number) => {
  const response = await fetch(`${edge.baseUrl}/api/events/${slug}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(registrationBody(n, [{ sessionIds: [`${slug}-1`] }])),
  });
  expect(response.status, await response.clone().text()).toBe(202);
};

/** The contact confirms by the link in the first email, which a cron tick sends; the rest then follows. */
const confirm = async (n: number) => {
  const contact = `kontakt${n}@foretag${n}.se`;
  const request = await until('the request to confirm', () =>
    resend.accepted.find((m) => m.to.includes(contact) && m.subject.startsWith('Bekräfta er anmälan')),
  );
  await confirmThrough((path, init) => fetch(`${edge.baseUrl}${path}`, init), confirmationLinkIn(request.text ?? ''));
};

const tick = async () => {
  const response = await fetch(`${edge.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('* * * * *')}`);
  expect(response.status).toBe(200);
};

async function until<T>(what: string, read: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await tick();
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('sends the outbox, queues and sends the reminder, and erases an expired event, from the cron trigger', async () => {
  await register('imorgon', 1);
  await register('forr', 2);
  // `forr` ended long ago: over a year (its retention time) has passed.
  await edge.apply([
    compiler
      .updateTable('events')
      .set({
        starts_at: new Date(Date.now() - 400 * 24 * HOUR).toISOString(),
        ends_at: new Date(Date.now() - 399 * 24 * HOUR).toISOString(),
      })
      .where('slug', '=', 'forr')
      .compile(),
  ]);
  // D1 is changed by hand before the first tick, so no scheduled run is writing meanwhile. Only the company of the
  // coming event confirms: the other one is there to be erased.
  await confirm(1);
  const toCompany = () => resend.accepted.filter((m) => m.to.includes('kontakt1@foretag1.se'));
  // The request to confirm, the registration's confirmation, then (queued by one tick, sent by a later one) the
  // day-before reminder.
  await until('the reminder', () => (toCompany().some((m) => m.idempotencyKey?.startsWith('reminder-')) ? toCompany() : undefined));
  expect(toCompany().map((m) => m.subject.split(':')[0])).toContain('Anmälan bekräftad');
  const keys = toCompany().map((m) => m.idempotencyKey);
  expect(keys).toContain(
    `reminder-${edge.query<{ id: string }>("SELECT id FROM registrations WHERE contact_email = 'kontakt1@foretag1.se'")[0]?.id}`,
  );
  expect(new Set(keys).size).toBe(keys.length);
  expect(toCompany().find((m) => m.idempotencyKey?.startsWith('reminder-'))?.text).toContain('https://motesdagen.example/hantera/');

  await until('retention', () => edge.query("SELECT 1 FROM events WHERE slug = 'forr' AND personal_data_erased_at IS NOT NULL")[0]);
  expect(edge.query("SELECT contact_name, contact_email FROM registrations WHERE event_id = 'event-forr'")).toEqual([
    { contact_name: '(raderad)', contact_email: '' },
  ]);
  // The other event keeps its data.
  expect(edge.query("SELECT contact_name FROM registrations WHERE event_id = 'event-imorgon'")).toEqual([{ contact_name: 'Kontakt 1' }]);

  // Once everything is sent, more ticks send nothing again.
  const sent = resend.requests();
  await tick();
  await tick();
  await new Promise((r) => setTimeout(r, 1_000));
  expect(resend.requests()).toBe(sent);
});
