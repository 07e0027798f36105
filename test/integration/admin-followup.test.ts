/**
 * The organisers' follow-up API in-process (issue 5): the registrations table (search, filters, sorting,
 * paging in SQL), changes and cancellations on a company's behalf with the same emails as the public side,
 * moving people off a waiting list (over capacity only by raising it, logged), check-in and its counts,
 * export downloads, the outbox and retrying a failed message. Every change leaves an audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDemoRegistrations } from '../../db/demo-registrations.ts';
import { createServices } from '../../src/domain/services.ts';
import { createTestApp, accessFixtures as fx } from '../support/app.ts';
import { registerAndConfirmIn } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

const ORIGIN = 'http://localhost:4321';
const DEMO_COUNT = 62;

let harness: Awaited<ReturnType<typeof createTestApp>>;
let demoSlug = '';
let adminToken = '';
let outsiderToken = '';
let assignedCookie = '';

type Json = Record<string, unknown> & { rows?: Record<string, unknown>[] };

function api(path: string, init: { method?: string; body?: unknown; bearer?: string; cookie?: string; origin?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = `motesdagen_session=${init.cookie}`;
  else headers.authorization = `Bearer ${init.bearer ?? adminToken}`;
  if (init.origin) headers.origin = init.origin;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return harness.app.request(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
async function json(path: string, init: Parameters<typeof api>[1] = {}, status = 200): Promise<Json> {
  const response = await api(path, init);
  const body = (await response.json()) as Json;
  expect(response.status, JSON.stringify(body).slice(0, 400)).toBe(status);
  return body;
}
const sql = <T>(query: string, ...params: unknown[]) => harness.deps.sqlite.prepare(query).all(...params) as T[];
const one = <T>(query: string, ...params: unknown[]) => harness.deps.sqlite.prepare(query).get(...params) as T;

/** Registers through the public API; returns the registration id and its manage token. */
async function registerPublic(slug: string, n: number, attendees: { name?: string; email?: string; sessionIds: string[] }[]) {
  const body = await registerAndConfirmIn<{ id: string; attendees: { id: string }[] }>(harness, slug, registrationBody(n, attendees));
  return { id: body.id, token: body.token, attendeeIds: body.attendees.map((a) => a.id) };
}

const outboxSince = (since: string) =>
  sql<{ kind: string; to_address: string; ics_method: string | null; text: string }>(
    'SELECT kind, to_address, ics_method, text FROM outbox WHERE created_at >= ? ORDER BY kind, to_address',
    since,
  );
const auditRows = (entity: string, entityId: string) =>
  sql<{ action: string; actor: string; before_json: string; after_json: string }>(
    'SELECT action, actor, before_json, after_json FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY created_at',
    entity,
    entityId,
  );

beforeAll(async () => {
  harness = await createTestApp();
  const services = createServices(harness.deps);
  demoSlug = one<{ slug: string }>("SELECT slug FROM events WHERE slug LIKE 'stora-motesdagen-%'").slug;
  expect(await addDemoRegistrations(services, demoSlug, DEMO_COUNT)).toBe(DEMO_COUNT);
  const admin = fx.organiser(harness.deps.sqlite, { email: 'followup-admin@norrvik.example', role: 'admin' });
  adminToken = await fx.apiToken(harness.deps.sqlite, admin);
  const outsider = fx.organiser(harness.deps.sqlite, { email: 'followup-outsider@norrvik.example', role: 'organiser' });
  outsiderToken = await fx.apiToken(harness.deps.sqlite, outsider);
  const assigned = fx.organiser(harness.deps.sqlite, {
    email: 'followup-assigned@norrvik.example',
    role: 'organiser',
    eventSlugs: [demoSlug, CAPACITY_EVENT],
  });
  assignedCookie = await fx.session(harness.deps.sqlite, assigned);
});
afterAll(async () => {
  await harness?.close();
});

describe('registrations table', () => {
  const list = (query = '') => json(`/api/admin/events/${demoSlug}/registrations${query}`);

  it('pages 50 at a time, newest first by default', async () => {
    const first = await list();
    expect(first).toMatchObject({ total: DEMO_COUNT, page: 1, pageCount: 2, pageSize: 50 });
    expect(first.rows).toHaveLength(50);
    const second = await list('?page=2');
    expect(second.rows).toHaveLength(DEMO_COUNT - 50);
    const ids = new Set([...(first.rows ?? []), ...(second.rows ?? [])].map((r) => r.id));
    expect(ids.size).toBe(DEMO_COUNT);
    const stamps = (first.rows ?? []).map((r) => r.createdAt as string);
    expect([...stamps].sort().reverse()).toEqual(stamps);
    // Past the last page: the last page.
    expect((await list('?page=9')).page).toBe(2);
  });

  it('sorts by company and by number of attendees, both ways', async () => {
    const byName = ((await list('?sort=company&order=asc')).rows ?? []).map((r) => (r.company as string).toLowerCase());
    expect(byName).toEqual([...byName].sort());
    const desc = ((await list('?sort=attendees&order=desc')).rows ?? []).map((r) => r.attendees as number);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(desc[0]).toBeGreaterThan(desc.at(-1) as number);
  });

  it('searches company, organisation number, contact and attendee names and emails', async () => {
    const row = one<{ id: string; name: string; org_number: string; contact_email: string }>(
      'SELECT r.id, r.company_name AS name, r.company_org_number AS org_number, r.contact_email FROM registrations r ORDER BY r.created_at LIMIT 1 OFFSET 7',
    );
    const attendee = one<{ name: string; email: string; registration_id: string }>(
      'SELECT name, email, registration_id FROM attendees ORDER BY created_at DESC, sort DESC LIMIT 1',
    );
    const ids = async (q: string) => ((await list(`?q=${encodeURIComponent(q)}`)).rows ?? []).map((r) => r.id);
    expect(await ids(row.name)).toContain(row.id);
    expect(await ids(row.name.toUpperCase())).toContain(row.id);
    expect(await ids(`${row.org_number.slice(0, 6)}-${row.org_number.slice(6)}`)).toEqual([row.id]);
    expect(await ids(row.contact_email)).toContain(row.id);
    expect(await ids(attendee.name)).toContain(attendee.registration_id);
    expect(await ids(attendee.email)).toEqual([attendee.registration_id]);
    // Non-ASCII case folding: "åbro" finds "Åbro …".
    const abro = await ids('åbro');
    expect(abro.length).toBeGreaterThan(0);
    expect(await ids('%')).toEqual([]);
    expect(await ids('ingen-sådan-firma')).toEqual([]);
  });

  it('filters by session, industry and visit request, in SQL, with the total to match', async () => {
    const session = one<{ session_id: string }>(
      "SELECT session_id FROM session_places WHERE status = 'confirmed' GROUP BY session_id ORDER BY count(*) DESC LIMIT 1",
    ).session_id;
    const expected = one<{ n: number }>(
      `SELECT count(DISTINCT a.registration_id) AS n FROM session_places p JOIN attendees a ON a.id = p.attendee_id
       WHERE p.session_id = ? AND p.status <> 'cancelled'`,
      session,
    ).n;
    const bySession = await list(`?session=${session}`);
    expect(bySession.total).toBe(expected);

    const industry = one<{ industry: string; n: number }>(
      'SELECT company_industry AS industry, count(*) AS n FROM registrations GROUP BY company_industry ORDER BY n DESC LIMIT 1',
    );
    const byIndustry = await list(`?industry=${industry.industry}`);
    expect(byIndustry.total).toBe(industry.n);
    expect((byIndustry.rows ?? []).every((r) => r.industry === industry.industry)).toBe(true);

    const visits = one<{ n: number }>("SELECT count(*) AS n FROM visit_requests WHERE status = 'active'").n;
    expect((await list('?visit=yes')).total).toBe(visits);
    expect((await list('?visit=no')).total).toBe(DEMO_COUNT - visits);
    const combined = await list(`?visit=yes&industry=${industry.industry}&sort=company&order=asc`);
    expect((combined.rows ?? []).every((r) => r.visitRequested === true && r.industry === industry.industry)).toBe(true);
  });

  it('refuses bad parameters with 422 and other organisers with 403', async () => {
    await json(`/api/admin/events/${demoSlug}/registrations?sort=price`, {}, 422);
    await json(`/api/admin/events/${demoSlug}/registrations?page=0`, {}, 422);
    await json(`/api/admin/events/${demoSlug}/registrations`, { bearer: outsiderToken }, 403);
    await json(`/api/admin/events/no-such-event/registrations`, {}, 404);
  });

  it('shows one registration with its emails and their statuses', async () => {
    const id = ((await list('?sort=company&order=asc')).rows ?? [])[0]?.id as string;
    const detail = await json(`/api/admin/events/${demoSlug}/registrations/${id}`);
    const registration = detail.registration as { id: string; contact: { email: string } };
    expect(registration.id).toBe(id);
    const messages = detail.messages as { kind: string; to: string; status: string }[];
    expect(messages.map((m) => m.kind)).toContain('registration_confirmed');
    expect(messages.every((m) => m.status === 'pending')).toBe(true);
    // Not found in another event.
    await json(`/api/admin/events/${CAPACITY_EVENT}/registrations/${id}`, {}, 404);
  });
});

describe('on the company’s behalf', () => {
  it('a change sends the same emails as the company’s own change, and is audited in the same batch', async () => {
    const own = await registerPublic(CAPACITY_EVENT, 901, [{ sessionIds: ['cap-10'] }]);
    const behalf = await registerPublic(CAPACITY_EVENT, 902, [{ sessionIds: ['cap-10'] }]);
    const change = (n: number) => ({
      contact: { name: `Ny Kontakt ${n}`, email: `kontakt${n}@foretag${n}.se`, phone: '070-999 99 99' },
      attendees: [
        { name: `Deltagare ${n}-0`, email: `deltagare0@foretag${n}.se`, sessionIds: ['cap-overlap'] },
        { name: `Ny Person ${n}`, email: `ny${n}@foretag${n}.se`, sessionIds: ['cap-10'] },
      ],
    });

    let since = new Date().toISOString();
    const publicResponse = await harness.app.request(`/api/registrations/${own.token}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(change(901)),
    });
    expect(publicResponse.status).toBe(200);
    const publicMails = outboxSince(since).map((m) => ({ kind: m.kind, ics: m.ics_method, to: m.to_address.replaceAll('901', 'N') }));

    await new Promise((resolve) => setTimeout(resolve, 5));
    since = new Date().toISOString();
    const changed = await json(`/api/admin/events/${CAPACITY_EVENT}/registrations/${behalf.id}`, {
      method: 'PATCH',
      body: change(902),
    });
    expect(changed.contact).toMatchObject({ name: 'Ny Kontakt 902' });
    const behalfOutbox = outboxSince(since);
    const behalfMails = behalfOutbox.map((m) => ({ kind: m.kind, ics: m.ics_method, to: m.to_address.replaceAll('902', 'N') }));
    expect(behalfMails).toEqual(publicMails);
    expect(behalfMails.map((m) => m.kind)).toContain('registration_changed');

    // The summary carries the company's own manage link, which keeps working.
    const summary = behalfOutbox.find((m) => m.kind === 'registration_changed');
    const link = /\/hantera\/([A-Za-z0-9_-]{20,100})/.exec(await harness.asSent(summary?.text ?? ''))?.[1];
    expect(link).toBe(behalf.token);
    expect((await harness.app.request(`/api/registrations/${behalf.token}`)).status).toBe(200);

    const audit = auditRows('registration', behalf.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'update', actor: 'followup-admin@norrvik.example (API)' });
    expect(JSON.parse(audit[0]?.before_json ?? '{}').contact.name).toBe('Kontakt 902');
  });

  it('the same validation as the public side: unknown sessions and overlaps are refused, nothing is written', async () => {
    const reg = await registerPublic(CAPACITY_EVENT, 903, [{ sessionIds: ['cap-10'] }]);
    const before = harness.counts();
    const response = await json(
      `/api/admin/events/${CAPACITY_EVENT}/registrations/${reg.id}`,
      { method: 'PATCH', body: { attendees: [{ name: 'A', email: 'a@x.se', sessionIds: ['cap-10', 'cap-overlap'] }] } },
      422,
    );
    expect(JSON.stringify(response.errors)).toContain('sessions_overlap');
    expect(harness.counts()).toEqual(before);
    expect(auditRows('registration', reg.id)).toHaveLength(0);
  });

  it('a cancellation sends what the company’s own cancellation sends, promotes the next in line and is audited', async () => {
    const own = await registerPublic(CAPACITY_EVENT, 904, [{ sessionIds: ['cap-later'] }]);
    const waiting = await registerPublic(CAPACITY_EVENT, 905, [{ sessionIds: ['cap-later'] }]);
    const place = () =>
      one<{ status: string }>(
        "SELECT status FROM session_places WHERE attendee_id = ? AND session_id = 'cap-later'",
        waiting.attendeeIds[0],
      );
    // cap-later has one place: taken already by an earlier test or by 904.
    const holder = one<{ registration_id: string }>(
      `SELECT a.registration_id FROM session_places p JOIN attendees a ON a.id = p.attendee_id
       WHERE p.session_id = 'cap-later' AND p.status = 'confirmed'`,
    ).registration_id;
    expect(holder).toBe(own.id);
    expect(place().status).toBe('waitlisted');

    const since = new Date().toISOString();
    const cancelled = await json(`/api/admin/events/${CAPACITY_EVENT}/registrations/${own.id}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe('cancelled');
    expect(place().status).toBe('confirmed');
    const kinds = outboxSince(since).map((m) => `${m.kind}${m.ics_method ? `:${m.ics_method}` : ''}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['registration_cancelled', 'session_invite_cancelled:CANCEL', 'session_invite:REQUEST', 'waitlist_promoted']),
    );
    expect(auditRows('registration', own.id).map((a) => a.action)).toEqual(['cancel']);
    // Repeating it changes nothing and logs nothing.
    await json(`/api/admin/events/${CAPACITY_EVENT}/registrations/${own.id}/cancel`, { method: 'POST' });
    expect(auditRows('registration', own.id)).toHaveLength(1);
    // Shown under status=cancelled.
    const cancelledList = await json(`/api/admin/events/${CAPACITY_EVENT}/registrations?status=cancelled`);
    expect((cancelledList.rows ?? []).map((r) => r.id)).toContain(own.id);
  });
});

describe('moving people off a waiting list', () => {
  it('promotes a chosen person over capacity only with an explicit, logged capacity raise', async () => {
    // cap-later (1 place) is held by 905 since the last test; two more wait.
    const second = await registerPublic(CAPACITY_EVENT, 906, [{ sessionIds: ['cap-later'] }]);
    const third = await registerPublic(CAPACITY_EVENT, 907, [{ sessionIds: ['cap-later'] }]);
    const position = (attendeeId: string) =>
      one<{ status: string; waitlist_position: number | null }>(
        "SELECT status, waitlist_position FROM session_places WHERE attendee_id = ? AND session_id = 'cap-later' AND status <> 'cancelled'",
        attendeeId,
      );
    expect(position(third.attendeeIds[0] as string)).toEqual({ status: 'waitlisted', waitlist_position: 2 });
    const path = `/api/admin/events/${CAPACITY_EVENT}/registrations/${third.id}/promote`;
    const body = { sessionId: 'cap-later', attendeeId: third.attendeeIds[0] };

    const refused = await json(path, { method: 'POST', body }, 409);
    expect(refused.code).toBe('session_full');
    // Not this registration's attendee.
    await json(`/api/admin/events/${CAPACITY_EVENT}/registrations/${second.id}/promote`, { method: 'POST', body }, 404);

    const since = new Date().toISOString();
    const promoted = await json(path, { method: 'POST', body: { ...body, raiseCapacity: true } });
    expect(promoted).toMatchObject({ capacityBefore: 1, capacityAfter: 2 });
    expect(position(third.attendeeIds[0] as string)).toEqual({ status: 'confirmed', waitlist_position: null });
    expect(position(second.attendeeIds[0] as string)).toEqual({ status: 'waitlisted', waitlist_position: 1 });
    expect(one<{ capacity: number }>("SELECT capacity FROM sessions WHERE id = 'cap-later'").capacity).toBe(2);
    const mails = outboxSince(since);
    expect(mails.map((m) => `${m.kind}:${m.to_address}`).sort()).toEqual(
      ['session_invite:deltagare0@foretag907.se', 'waitlist_promoted:kontakt907@foretag907.se'].sort(),
    );
    const audit = auditRows('attendee', third.attendeeIds[0] as string);
    expect(audit.map((a) => a.action)).toEqual(['promote_over_capacity']);
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({ capacity: 2, capacityRaised: true });
  });

  it('promotes without an override when a place is free, keeping the capacity', async () => {
    harness.deps.sqlite.prepare("UPDATE sessions SET capacity = 5 WHERE id = 'cap-later'").run();
    const waiting = one<{ attendee_id: string; registration_id: string }>(
      `SELECT p.attendee_id, a.registration_id FROM session_places p JOIN attendees a ON a.id = p.attendee_id
       WHERE p.session_id = 'cap-later' AND p.status = 'waitlisted' AND p.waitlist_position = 1`,
    );
    const promoted = await json(`/api/admin/events/${CAPACITY_EVENT}/registrations/${waiting.registration_id}/promote`, {
      method: 'POST',
      body: { sessionId: 'cap-later', attendeeId: waiting.attendee_id },
    });
    expect(promoted).toMatchObject({ capacityBefore: 5, capacityAfter: 5 });
    expect(auditRows('attendee', waiting.attendee_id).map((a) => a.action)).toEqual(['promote']);
    // Nobody is left waiting: a second promotion finds nothing.
    await json(
      `/api/admin/events/${CAPACITY_EVENT}/registrations/${waiting.registration_id}/promote`,
      { method: 'POST', body: { sessionId: 'cap-later', attendeeId: waiting.attendee_id } },
      404,
    );
  });
});

describe('attendee lists and check-in', () => {
  it('lists a session’s confirmed attendees by name and its waiting list in order', async () => {
    const list = await json(`/api/admin/events/${CAPACITY_EVENT}/sessions/cap-10/attendees`);
    const confirmed = list.confirmed as { name: string; company: string }[];
    expect(confirmed.length).toBeGreaterThan(0);
    expect(confirmed.map((c) => c.name)).toEqual([...confirmed.map((c) => c.name)].sort((a, b) => a.localeCompare(b, 'sv')));
    await json(`/api/admin/events/${demoSlug}/sessions/cap-10/attendees`, {}, 404);
  });

  it('checks people in and out, and counts checked in / expected per session and in total', async () => {
    const counts = () => json(`/api/admin/events/${demoSlug}/check-in`);
    const before = await counts();
    const total = before.total as { checkedIn: number; expected: number };
    expect(total.checkedIn).toBe(0);
    const confirmedPeople = one<{ n: number }>(
      `SELECT count(DISTINCT p.attendee_id) AS n FROM session_places p JOIN sessions s ON s.id = p.session_id
       WHERE s.event_id = (SELECT id FROM events WHERE slug = ?) AND p.status = 'confirmed'`,
      demoSlug,
    ).n;
    expect(total.expected).toBe(confirmedPeople);

    const person = one<{ attendee_id: string; session_id: string }>(
      `SELECT p.attendee_id, p.session_id FROM session_places p JOIN sessions s ON s.id = p.session_id
       WHERE s.event_id = (SELECT id FROM events WHERE slug = ?) AND p.status = 'confirmed' LIMIT 1`,
      demoSlug,
    );
    const path = `/api/admin/events/${demoSlug}/attendees/${person.attendee_id}/check-in`;
    const first = await json(path, { method: 'POST' });
    expect(first.checkedInAt).toEqual(expect.any(String));
    const again = await json(path, { method: 'POST' });
    expect(again.checkedInAt).toBe(first.checkedInAt);
    const after = await counts();
    expect((after.total as { checkedIn: number }).checkedIn).toBe(1);
    const session = (after.sessions as { id: string; checkedIn: number; expected: number }[]).find((s) => s.id === person.session_id);
    expect(session?.checkedIn).toBe(1);

    // With the browser session too (same origin required for writes).
    await json(path, { method: 'DELETE', cookie: assignedCookie }, 403);
    const undone = await json(path, { method: 'DELETE', cookie: assignedCookie, origin: ORIGIN });
    expect(undone.checkedInAt).toBeNull();
    expect(((await counts()).total as { checkedIn: number }).checkedIn).toBe(0);
    expect(auditRows('attendee', person.attendee_id).map((a) => a.action)).toEqual(['check_in', 'undo_check_in']);
    await json(`/api/admin/events/${CAPACITY_EVENT}/attendees/${person.attendee_id}/check-in`, { method: 'POST' }, 404);
  });
});

describe('exports', () => {
  it('downloads each kind as a CSV attachment for Swedish Excel', async () => {
    for (const kind of ['registreringar', 'deltagare', 'besok', 'synpunkter']) {
      const response = await api(`/api/admin/events/${demoSlug}/exports/${kind}.csv`);
      expect(response.status, kind).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${demoSlug}-${kind}.csv"`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)], 'a byte order mark for Excel').toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      if (kind === 'registreringar') {
        expect(text).toContain('Organisationsnummer;Företag');
        expect(text.trim().split(/\r?\n/)).toHaveLength(DEMO_COUNT + 1);
      }
    }
    await json(`/api/admin/events/${demoSlug}/exports/losenord.csv`, {}, 422);
    await json(`/api/admin/events/${demoSlug}/exports/registreringar.csv`, { bearer: outsiderToken }, 403);
  });
});

describe('outbox', () => {
  it('lists the event’s messages, highlights problems and retries a failed message', async () => {
    const eventId = one<{ id: string }>('SELECT id FROM events WHERE slug = ?', demoSlug).id;
    const failed = one<{ id: string }>("SELECT id FROM outbox WHERE event_id = ? AND kind = 'registration_confirmed' LIMIT 1", eventId).id;
    const bounced = one<{ id: string }>("SELECT id FROM outbox WHERE event_id = ? AND kind = 'session_invite' LIMIT 1", eventId).id;
    harness.deps.sqlite
      .prepare("UPDATE outbox SET status = 'failed', attempts = 8, last_error = '550 mailbox unavailable' WHERE id = ?")
      .run(failed);
    harness.deps.sqlite
      .prepare("UPDATE outbox SET status = 'sent', attempts = 1, provider_message_id = 'prov-1' WHERE id = ?")
      .run(bounced);
    harness.deps.sqlite
      .prepare("INSERT INTO delivery_events (id, outbox_id, type, occurred_at) VALUES ('ev-1', ?, 'email.bounced', ?)")
      .run(bounced, new Date().toISOString());

    const problems = await json(`/api/admin/events/${demoSlug}/outbox?status=problem`);
    expect((problems.rows ?? []).map((r) => r.id).sort()).toEqual([failed, bounced].sort());
    expect((problems.counts as Record<string, number>).problem).toBe(2);
    const bouncedRow = (problems.rows ?? []).find((r) => r.id === bounced);
    expect(bouncedRow).toMatchObject({ problem: true, deliveryEvents: [{ type: 'email.bounced' }] });
    const all = await json(`/api/admin/events/${demoSlug}/outbox`);
    expect(all.rows).toHaveLength(50);
    expect(all.total).toBe(one<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE event_id = ?', eventId).n);

    await json(`/api/admin/outbox/${failed}/retry`, { method: 'POST', bearer: outsiderToken }, 403);
    const retried = await json(`/api/admin/outbox/${failed}/retry`, { method: 'POST' });
    expect(retried).toEqual({ id: failed, eventId, status: 'pending' });
    const row = one<{ status: string; attempts: number; next_attempt_at: string; last_error: string }>(
      'SELECT status, attempts, next_attempt_at, last_error FROM outbox WHERE id = ?',
      failed,
    );
    expect(row).toMatchObject({ status: 'pending', attempts: 8, last_error: '550 mailbox unavailable' });
    expect(Date.parse(row.next_attempt_at)).toBeLessThanOrEqual(Date.now());
    const audit = auditRows('outbox', failed);
    expect(audit.map((a) => a.action)).toEqual(['retry']);
    expect(JSON.parse(audit[0]?.before_json ?? '{}')).toMatchObject({ status: 'failed', attempts: 8 });
    // Only failed messages.
    await json(`/api/admin/outbox/${failed}/retry`, { method: 'POST' }, 422);
    await json(`/api/admin/outbox/${bounced}/retry`, { method: 'POST' }, 422);
    await json('/api/admin/outbox/no-such-message/retry', { method: 'POST' }, 404);
  });
});
