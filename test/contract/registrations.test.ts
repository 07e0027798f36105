/**
 * Registration through the API, the same tests on Node + SQLite and on workerd + D1: places and waiting
 * lists under concurrency, the manage link's operations, and the clear errors.
 */
import ICAL from 'ical.js';
import { describe, expect, inject, it } from 'vitest';
import { confirmationLinkFromMailbox, confirmThrough, registerAndConfirm } from '../support/confirm.ts';
import { CAPACITY_EVENT, CLOSED_EVENT, FIXTURE_API_TOKEN } from '../support/fixtures.ts';
import { orgNumber, registrationBody } from '../support/registrations.ts';

const targets = inject('targets');

interface Created {
  id: string;
  manageUrl: string;
  status: string;
  attendees: {
    id: string;
    email: string;
    sessions: { sessionId: string; status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null }[];
  }[];
  visitRequest: unknown;
}

describe.each(targets)('registrations on $name', ({ name, baseUrl }) => {
  // Each runtime has its own database; offsets keep organisation numbers apart within one run.
  const base = name === 'node' ? 10_000 : 20_000;
  const post = (slug: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/api/events/${slug}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const tokenOf = (created: Created) => new URL(created.manageUrl).pathname.split('/').pop() as string;
  const manage = (token: string, path = '', init?: RequestInit) => fetch(`${baseUrl}/api/registrations/${token}${path}`, init);
  /** The contact confirms by the link in the email; the registration as its manage link shows it. */
  const confirmedView = async (contact: string): Promise<Created> => {
    const { manageUrl, token } = await confirmThrough(
      (path, init) => fetch(`${baseUrl}${path}`, init),
      await confirmationLinkFromMailbox(baseUrl, contact),
    );
    return { ...((await (await manage(token)).json()) as Created), manageUrl };
  };

  it('fills the last 10 places with 200 simultaneous registrations and queues the rest without gaps', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post(CAPACITY_EVENT, registrationBody(base + i, [{ sessionIds: ['cap-10'] }]))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(202));
    // The answers say nothing of the places; the organisers' list of the session does.
    const lists = (await (
      await fetch(`${baseUrl}/api/admin/events/${CAPACITY_EVENT}/sessions/cap-10/attendees`, {
        headers: { authorization: `Bearer ${FIXTURE_API_TOKEN}` },
      })
    ).json()) as { confirmed: { company: string }[]; waitlist: { company: string; position: number }[] };
    expect(lists.confirmed).toHaveLength(10);
    expect(lists.waitlist.map((w) => w.position)).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));

    const event = (await (await fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}`)).json()) as {
      sessions: { id: string; remaining: number; waitlisted: number; isFull: boolean }[];
    };
    expect(event.sessions.find((s) => s.id === 'cap-10')).toMatchObject({ remaining: 0, waitlisted: 190, isFull: true });

    // A confirmed company cancels: position 1 is promoted, everyone else moves up one. Each confirms its registration
    // by the link in its contact's email, which is how a company comes to its manage link.
    const number = (company: string) => Number(company.match(/\d+/)?.[0]);
    const contactOf = (company: string) => registrationBody(number(company), []).contact.email;
    const [confirmed, first, second] = await Promise.all(
      [lists.confirmed[0], lists.waitlist[0], lists.waitlist[1]].map((p) => confirmedView(contactOf(p?.company ?? ''))),
    );
    expect(first?.attendees[0]?.sessions[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const cancelled = await manage(tokenOf(confirmed as Created), '', { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Created).status).toBe('cancelled');
    const promoted = (await (await manage(tokenOf(first as Created))).json()) as Created;
    expect(promoted.attendees[0]?.sessions[0]).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    const moved = (await (await manage(tokenOf(second as Created))).json()) as Created;
    expect(moved.attendees[0]?.sessions[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
  });

  it('registers two attendees, answers a repeated Idempotency-Key and the company twice with the first answer', async () => {
    const body = registrationBody(base + 500, [{ sessionIds: ['cap-overlap'] }, { sessionIds: ['cap-overlap', 'cap-later'] }], {
      visitRequest: { slotIds: ['cap-slot'], topics: [], participants: 2, message: 'Välkomna!' },
    });
    const key = `contract-${name}-idempotency-0001`;
    const first = await post(CAPACITY_EVENT, body, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    const firstAnswer = await first.text();

    const again = await post(CAPACITY_EVENT, body, { 'idempotency-key': key });
    expect(again.status).toBe(202);
    expect(await again.text()).toBe(firstAnswer);
    const created = await confirmedView(body.contact.email);
    expect(created.attendees).toHaveLength(2);
    expect(created.visitRequest).toMatchObject({ slotIds: ['cap-slot'], participants: 2 });
    expect(new URL(created.manageUrl).pathname).toMatch(/^\/hantera\/[A-Za-z0-9_-]{43}$/);

    const otherBody = await post(
      CAPACITY_EVENT,
      { ...body, contact: { ...body.contact, name: 'Någon annan' } },
      { 'idempotency-key': key },
    );
    expect(otherBody.status).toBe(409);
    expect(((await otherBody.json()) as { code: string }).code).toBe('idempotency_conflict');

    // The same answer as a new registration: nothing tells the caller the company is registered.
    const duplicate = await post(CAPACITY_EVENT, { ...body, contact: { ...body.contact, email: 'ny@annan.se' } });
    expect(duplicate.status).toBe(202);
    expect(await duplicate.text()).toBe(firstAnswer);
    // The contact on file is mailed the link the company already has: a stranger's attempt breaks nothing.
    expect((await manage(tokenOf(created))).status).toBe(200);
  });

  it('changes, exports, serves the calendar file, cancels and erases through the manage link', async () => {
    const created = await registerAndConfirm<Created>(
      baseUrl,
      CAPACITY_EVENT,
      registrationBody(base + 600, [{ email: 'a@ett.se', sessionIds: ['cap-overlap'] }]),
    );
    const token = tokenOf(created);

    const ics = await manage(token, '/calendar.ics');
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(await ics.text()));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1);

    const changed = await manage(token, '', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        attendees: [
          { name: 'A Ett', email: 'a@ett.se', sessionIds: ['cap-overlap'] },
          { name: 'B Två', email: 'b@ett.se', sessionIds: ['cap-overlap'] },
        ],
      }),
    });
    expect(changed.status).toBe(200);
    const view = (await changed.json()) as Created;
    expect(view.attendees.map((a) => a.email)).toEqual(['a@ett.se', 'b@ett.se']);
    expect(view.attendees[0]?.id).toBe(created.attendees[0]?.id);

    const overlap = await manage(token, '', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'accept-language': 'sv' },
      body: JSON.stringify({ attendees: [{ name: 'A Ett', email: 'a@ett.se', sessionIds: ['cap-overlap', 'cap-10'] }] }),
    });
    expect(overlap.status).toBe(422);
    expect(await overlap.json()).toMatchObject({ errors: [{ path: 'attendees.0.sessionIds', code: 'sessions_overlap' }] });

    const data = await manage(token, '/data');
    expect(data.status).toBe(200);
    const exported = (await data.json()) as { registration: { contact: { email: string } }; emailsSent: { kind: string }[] };
    expect(exported.registration.contact.email).toBe(`kontakt${base + 600}@foretag${base + 600}.se`);
    expect(exported.emailsSent.map((e) => e.kind)).toContain('registration_confirmed');

    const erased = await manage(token, '/erase', { method: 'POST' });
    expect(erased.status).toBe(200);
    expect((await manage(token)).status).toBe(404);
    expect((await manage(token, '/data')).status).toBe(404);
  });

  it('explains closed registration, unknown sessions and bad organisation numbers', async () => {
    const closed = await post(CLOSED_EVENT, registrationBody(base + 700, [{ sessionIds: ['closed-1'] }]));
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { code: string }).code).toBe('registration_closed');

    const unknown = await post(CAPACITY_EVENT, registrationBody(base + 701, [{ sessionIds: ['closed-1'] }]));
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ errors: [{ path: 'attendees.0.sessionIds.0', code: 'unknown_session' }] });

    const body = registrationBody(base + 702, [{ sessionIds: ['cap-overlap'] }]);
    const digits = orgNumber(base + 702).replace('-', '');
    const wrongCheck = `${digits.slice(0, 9)}${(Number(digits[9]) + 1) % 10}`;
    const bad = await post(CAPACITY_EVENT, { ...body, company: { ...body.company, orgNumber: wrongCheck } });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ errors: [{ path: 'company.orgNumber', code: 'invalid_org_number' }] });

    const missing = await post(CAPACITY_EVENT, {});
    expect(missing.status).toBe(422);
    const paths = ((await missing.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['company', 'contact', 'attendees', 'consent']));

    const notJson = await fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toBe('application/problem+json');
  });
});
