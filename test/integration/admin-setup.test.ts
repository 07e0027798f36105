/**
 * The organisers' set-up through /api/admin, in-process: events (create, change, status forward only,
 * copy), the program (a raised capacity promotes from the waiting list with the public side's emails; a
 * lower one below the confirmed places and removing a session with places are refused), visit slots,
 * topics, zones, travel times, hosts (create, change, availability, private link, CSV import with a dry
 * run), access per event, and an audit row written with every change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, accessFixtures as fx } from '../support/app.ts';
import { registerAndConfirmIn } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let adminToken = '';
let outsiderToken = '';
let demoSlug = '';

beforeEach(async () => {
  harness = await createTestApp();
  const sqlite = harness.deps.sqlite;
  adminToken = await fx.apiToken(sqlite, fx.organiser(sqlite, { email: 'setup-admin@norrvik.example', role: 'admin' }));
  outsiderToken = await fx.apiToken(sqlite, fx.organiser(sqlite, { email: 'setup-outsider@norrvik.example', role: 'organiser' }));
  demoSlug = (sqlite.prepare("SELECT slug FROM events WHERE slug LIKE 'stora-motesdagen-%'").get() as { slug: string }).slug;
});
afterEach(async () => {
  await harness.close();
});

/** JSON answers are read loosely in the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions index freely into answers
type Loose = Record<string, any>;

async function api(method: string, path: string, body?: unknown, token = adminToken) {
  const response = await harness.app.request(`/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as Loose };
}
const all = <T>(query: string, ...params: unknown[]) => harness.deps.sqlite.prepare(query).all(...params) as T[];
const one = <T>(query: string, ...params: unknown[]) => harness.deps.sqlite.prepare(query).get(...params) as T;
const audit = (entity: string, action: string) =>
  all<{ actor: string; event_id: string; before_json: string | null; after_json: string | null }>(
    'SELECT * FROM audit_log WHERE entity = ? AND action = ? ORDER BY created_at',
    entity,
    action,
  );

const newEvent = {
  slug: 'hostmotet-2027',
  name: 'Höstmötet 2027',
  date: '2027-10-14',
  startTime: '08:30',
  endTime: '16:00',
  venueName: 'Stadshuset',
  venueAddress: 'Stora torget 1, 611 30 Norrvik',
  organiserName: 'Näringslivskontoret',
  organiserEmail: 'naringsliv@norrvik.example',
  registrationOpensDate: '2027-08-01',
  registrationClosesDate: '2027-10-07',
};

describe('events', () => {
  it('creates a draft in local time, refuses a taken slug, and writes the audit row', async () => {
    const created = await api('POST', '/events', newEvent);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      slug: 'hostmotet-2027',
      status: 'draft',
      // 08:30 in Stockholm in October (CEST, UTC+2).
      startsAt: '2027-10-14T06:30:00.000Z',
      registrationOpensAt: '2027-07-31T22:00:00.000Z',
      // Closes when 7 October ends.
      registrationClosesAt: '2027-10-07T22:00:00.000Z',
      registrationClosesDate: '2027-10-07',
      startTime: '08:30',
    });
    const again = await api('POST', '/events', newEvent);
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([expect.objectContaining({ path: 'slug', code: 'slug_taken' })]);
    const rows = audit('event', 'create');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor).toBe('setup-admin@norrvik.example (API)');
    expect(rows[0]?.event_id).toBe(created.body.id);

    const bad = await api('POST', '/events', { ...newEvent, slug: 'annat', endTime: '08:00', registrationClosesDate: '2027-10-20' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['endTime', 'registrationClosesDate']);
  });

  it('an organiser who creates an event manages it; others get 403', async () => {
    const sqlite = harness.deps.sqlite;
    const kim = await fx.apiToken(sqlite, fx.organiser(sqlite, { email: 'kim@norrvik.example', role: 'organiser' }));
    expect((await api('POST', '/events', newEvent, kim)).status).toBe(201);
    expect((await api('GET', '/events/hostmotet-2027', undefined, kim)).status).toBe(200);
    expect((await api('PATCH', '/events/hostmotet-2027', { name: 'X' }, outsiderToken)).status).toBe(403);
    expect((await api('GET', '/events/finns-inte')).status).toBe(404);
  });

  it('changes details, delegation rules, buffer and retention; status moves forward only', async () => {
    await api('POST', '/events', newEvent);
    const changed = await api('PATCH', '/events/hostmotet-2027', {
      name: 'Höstmötet 2027 i Norrvik',
      minPoliticians: 1,
      maxPoliticians: 2,
      minOfficials: 0,
      maxOfficials: 2,
      maxDelegationSize: 3,
      transferBufferMinutes: 15,
      allowPartyRequest: true,
      retentionDays: 180,
      startTime: '09:00',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Höstmötet 2027 i Norrvik',
      maxPoliticians: 2,
      transferBufferMinutes: 15,
      allowPartyRequest: true,
      retentionDays: 180,
      startsAt: '2027-10-14T07:00:00.000Z',
    });
    const row = one<{ max_delegation_size: number; allow_party_request: number }>('SELECT * FROM events WHERE slug = ?', 'hostmotet-2027');
    expect(row).toMatchObject({ max_delegation_size: 3, allow_party_request: 1 });
    const [update] = audit('event', 'update');
    expect(JSON.parse(update?.after_json ?? '{}')).toMatchObject({ name: 'Höstmötet 2027 i Norrvik', retentionDays: 180 });
    expect(JSON.parse(update?.before_json ?? '{}')).toMatchObject({ name: 'Höstmötet 2027', retentionDays: 365 });

    const rules = await api('PATCH', '/events/hostmotet-2027', { minOfficials: 3, maxOfficials: 1 });
    expect(rules.status).toBe(422);
    expect(rules.body.errors[0]).toMatchObject({ path: 'maxOfficials' });

    expect((await api('PATCH', '/events/hostmotet-2027', { status: 'published' })).body.status).toBe('published');
    const back = await api('PATCH', '/events/hostmotet-2027', { status: 'draft' });
    expect(back.status).toBe(422);
    expect(back.body.errors[0]).toMatchObject({ path: 'status' });
    expect((await api('PATCH', '/events/hostmotet-2027', { status: 'closed' })).body.status).toBe('closed');
  });

  it('copies last year’s event: program and slots moved to the new date at the same local times, hosts without availability or links', async () => {
    const source = one<{ id: string; starts_at: string }>('SELECT id, starts_at FROM events WHERE slug = ?', demoSlug);
    const count = (table: string, eventId: string) =>
      one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE event_id = ?`, eventId).n;
    harness.deps.sqlite.prepare("UPDATE hosts SET access_token_hash = 'x' || id WHERE event_id = ?").run(source.id);
    harness.deps.sqlite
      .prepare(
        'INSERT OR IGNORE INTO host_availability (host_id, slot_id) SELECT h.id, s.id FROM hosts h, visit_slots s WHERE h.event_id = ? AND s.event_id = h.event_id',
      )
      .run(source.id);
    const sourceDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(source.starts_at));
    // The same date a year (52 weeks) later: same weekday.
    const target = new Date(Date.parse(`${sourceDate}T12:00:00Z`) + 364 * 86_400_000).toISOString().slice(0, 10);

    const copied = await api('POST', `/events/${demoSlug}/copy`, { slug: 'kopian', name: 'Stora Mötesdagen, nästa år', date: target });
    expect(copied.status).toBe(201);
    expect(copied.body).toMatchObject({ slug: 'kopian', status: 'draft', date: target, copiedFromEventId: source.id });
    const copy = copied.body.id as string;
    for (const table of ['sessions', 'visit_slots', 'topics', 'zones', 'hosts']) {
      expect(count(table, copy), table).toBe(count(table, source.id));
      expect(count(table, copy), table).toBeGreaterThan(0);
    }
    expect(
      one<{ n: number }>('SELECT count(*) AS n FROM host_availability a JOIN hosts h ON h.id = a.host_id WHERE h.event_id = ?', copy).n,
    ).toBe(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM hosts WHERE event_id = ? AND access_token_hash IS NOT NULL', copy).n).toBe(0);
    // Host topics point at the copy's own topics.
    expect(
      one<{ n: number }>(
        'SELECT count(*) AS n FROM host_topics ht JOIN hosts h ON h.id = ht.host_id JOIN topics t ON t.id = ht.topic_id WHERE h.event_id = ? AND t.event_id <> h.event_id',
        copy,
      ).n,
    ).toBe(0);
    const local = (instant: string) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
    const before = all<{ title_sv: string; starts_at: string }>(
      'SELECT title_sv, starts_at FROM sessions WHERE event_id = ? ORDER BY starts_at',
      source.id,
    );
    const after = all<{ title_sv: string; starts_at: string }>(
      'SELECT title_sv, starts_at FROM sessions WHERE event_id = ? ORDER BY starts_at',
      copy,
    );
    expect(after.map((s) => [s.title_sv, local(s.starts_at)])).toEqual(before.map((s) => [s.title_sv, local(s.starts_at)]));
    expect(after.every((s) => s.starts_at.slice(0, 10) >= target.slice(0, 8))).toBe(true);
    const [row] = audit('event', 'copy');
    expect(row?.event_id).toBe(copy);
    expect(JSON.parse(row?.before_json ?? '{}')).toEqual({ from: demoSlug });
    // The slug is unique across events.
    expect((await api('POST', `/events/${demoSlug}/copy`, { slug: 'kopian', name: 'Igen', date: target })).status).toBe(422);
  });
});

describe('program', () => {
  it('creates, changes and removes sessions, times local to Stockholm', async () => {
    await api('POST', '/events', newEvent);
    const topic = await api('POST', '/events/hostmotet-2027/topics', { nameSv: 'Bygglov', nameEn: 'Building permits' });
    const created = await api('POST', '/events/hostmotet-2027/sessions', {
      titleSv: 'Frukostmöte',
      titleEn: 'Breakfast meeting',
      kind: 'breakfast',
      date: '2027-10-14',
      startTime: '07:30',
      endTime: '08:30',
      room: 'Sal A',
      capacity: 40,
      topicId: topic.body.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      startsAt: '2027-10-14T05:30:00.000Z',
      endsAt: '2027-10-14T06:30:00.000Z',
      confirmed: 0,
      topicId: topic.body.id,
    });
    const id = created.body.id as string;
    const changed = await api('PATCH', `/events/hostmotet-2027/sessions/${id}`, { room: 'Sal B', endTime: '09:00' });
    expect(changed.body).toMatchObject({ room: 'Sal B', endTime: '09:00', startTime: '07:30' });
    expect((await api('PATCH', `/events/hostmotet-2027/sessions/${id}`, { endTime: '07:00' })).body.errors[0].path).toBe('endTime');
    const list = await api('GET', '/events/hostmotet-2027/sessions');
    expect(list.body.sessions).toHaveLength(1);
    // Another event's session is not reachable through this event.
    expect((await api('PATCH', `/events/${CAPACITY_EVENT}/sessions/${id}`, { room: 'X' })).status).toBe(404);
    expect((await api('DELETE', `/events/hostmotet-2027/sessions/${id}`)).status).toBe(200);
    expect((await api('GET', '/events/hostmotet-2027/sessions')).body.sessions).toHaveLength(0);
    expect(audit('session', 'create')).toHaveLength(1);
    expect(audit('session', 'update')).toHaveLength(1);
    expect(audit('session', 'delete')).toHaveLength(1);
  });

  it('a raised capacity promotes from the waiting list at once, with the public side’s emails; lowering below confirmed and removing are refused', async () => {
    for (const n of [1, 2, 3]) {
      await registerAndConfirmIn(harness, CAPACITY_EVENT, registrationBody(n, [{ sessionIds: ['cap-later'] }]));
    }
    const places = () =>
      all<{ status: string; waitlist_position: number | null; email: string }>(
        "SELECT p.status, p.waitlist_position, a.email FROM session_places p JOIN attendees a ON a.id = p.attendee_id WHERE p.session_id = 'cap-later' ORDER BY a.email",
      );
    expect(places().map((p) => p.status)).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    const outboxBefore = one<{ n: number }>('SELECT count(*) AS n FROM outbox').n;

    const lower = await api('PATCH', `/events/${CAPACITY_EVENT}/sessions/cap-later`, { capacity: 0 });
    expect(lower.status).toBe(422);
    expect(lower.body.errors[0]).toMatchObject({ path: 'capacity', code: 'capacity_below_confirmed' });
    expect(lower.body.errors[0].message).toContain('1 som redan är bekräftade');

    const raised = await api('PATCH', `/events/${CAPACITY_EVENT}/sessions/cap-later`, { capacity: 2 });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ capacity: 2, confirmed: 2, waitlisted: 1 });
    // The first in line moved up; the last moved to position 1.
    const after = places();
    expect(after.filter((p) => p.status === 'confirmed')).toHaveLength(2);
    expect(after.find((p) => p.status === 'waitlisted')?.waitlist_position).toBe(1);
    expect(after.find((p) => p.status === 'waitlisted')?.email).toBe('deltagare0@foretag3.se');

    const mails = all<{ kind: string; to_address: string; ics_method: string | null }>(
      'SELECT kind, to_address, ics_method FROM outbox ORDER BY created_at, rowid',
    ).slice(outboxBefore);
    expect(mails).toEqual(
      expect.arrayContaining([
        { kind: 'session_invite', to_address: 'deltagare0@foretag2.se', ics_method: 'REQUEST' },
        { kind: 'waitlist_promoted', to_address: 'kontakt2@foretag2.se', ics_method: null },
      ]),
    );
    expect(mails).toHaveLength(2);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM calendar_items WHERE uid LIKE 'session-cap-later-%'").n).toBe(2);
    const [row] = audit('session', 'update');
    expect(JSON.parse(row?.after_json ?? '{}')).toEqual({ capacity: 2, promotedFromWaitlist: 1 });

    const removed = await api('DELETE', `/events/${CAPACITY_EVENT}/sessions/cap-later`);
    expect(removed.status).toBe(422);
    expect(removed.body.errors[0].code).toBe('session_has_places');
    expect(one<{ n: number }>("SELECT count(*) AS n FROM sessions WHERE id = 'cap-later'").n).toBe(1);
  });
});

describe('visit set-up', () => {
  it('slots on more than one day, topics, zones with coordinates and the travel table', async () => {
    await api('POST', '/events', newEvent);
    const base = '/events/hostmotet-2027';
    const first = await api('POST', `${base}/slots`, { date: '2027-10-14', startTime: '09:00', endTime: '10:00' });
    const second = await api('POST', `${base}/slots`, { date: '2027-10-15', startTime: '13:00', endTime: '14:30' });
    expect(first.status).toBe(201);
    expect(second.body).toMatchObject({ startsAt: '2027-10-15T11:00:00.000Z', endsAt: '2027-10-15T12:30:00.000Z' });
    expect((await api('POST', `${base}/slots`, { date: '2027-10-14', startTime: '10:00', endTime: '09:00' })).status).toBe(422);
    const moved = await api('PATCH', `${base}/slots/${first.body.id}`, { date: '2027-10-14', startTime: '09:30', endTime: '10:30' });
    expect(moved.body.startTime).toBe('09:30');

    const topic = await api('POST', `${base}/topics`, { nameSv: 'Miljö och hälsa', nameEn: 'Environment and health' });
    expect(topic.body).toMatchObject({ slug: 'miljo-och-halsa' });
    expect((await api('POST', `${base}/topics`, { nameSv: 'Miljö och hälsa', nameEn: 'Again' })).status).toBe(422);
    expect((await api('PATCH', `${base}/topics/${topic.body.id}`, { nameSv: 'Miljö', nameEn: 'Environment' })).body.nameSv).toBe('Miljö');

    const centre = await api('POST', `${base}/zones`, { name: 'Centrum', latitude: 58.753, longitude: 17.0086 });
    const harbour = await api('POST', `${base}/zones`, { name: 'Hamnen', latitude: 58.745, longitude: 17.03 });
    const north = await api('POST', `${base}/zones`, { name: 'Norr' });
    expect((await api('POST', `${base}/zones`, { name: 'Halv', latitude: 58 })).status).toBe(422);
    const table = await api('GET', `${base}/travel-times`);
    expect(table.body.cells).toHaveLength(6);
    const cell = (from: string, to: string) =>
      table.body.cells.find((c: { fromZoneId: string; toZoneId: string }) => c.fromZoneId === from && c.toZoneId === to);
    expect(cell(centre.body.id, harbour.body.id)).toMatchObject({ minutes: null, defaultMinutes: expect.any(Number) });
    expect(cell(centre.body.id, north.body.id).defaultMinutes).toBeNull();

    const saved = await api('PUT', `${base}/travel-times`, {
      entries: [
        { fromZoneId: centre.body.id, toZoneId: north.body.id, minutes: 20 },
        { fromZoneId: north.body.id, toZoneId: harbour.body.id, minutes: 25 },
      ],
    });
    expect(saved.body).toEqual({ saved: 2 });
    const again = await api('PUT', `${base}/travel-times`, {
      entries: [{ fromZoneId: centre.body.id, toZoneId: north.body.id, minutes: 18 }],
    });
    expect(again.body).toEqual({ saved: 1 });
    expect(all('SELECT * FROM travel_times')).toEqual([{ from_zone_id: centre.body.id, to_zone_id: north.body.id, minutes: 18 }]);
    const foreign = await api('PUT', `${base}/travel-times`, {
      entries: [{ fromZoneId: centre.body.id, toZoneId: 'cap-slot', minutes: 1 }],
    });
    expect(foreign.status).toBe(422);

    expect((await api('DELETE', `${base}/zones/${north.body.id}`)).status).toBe(200);
    expect(all('SELECT * FROM travel_times')).toEqual([]);
    expect((await api('DELETE', `${base}/slots/${second.body.id}`)).status).toBe(200);
    expect((await api('GET', `${base}/slots`)).body.slots).toHaveLength(1);
    expect((await api('DELETE', `${base}/topics/${topic.body.id}`)).status).toBe(200);
    expect(audit('visit_slot', 'create')).toHaveLength(2);
    expect(audit('zone', 'delete')).toHaveLength(1);
    expect(audit('travel_times', 'update')).toHaveLength(2);
  });
});

describe('hosts', () => {
  async function eventWithRefs() {
    await api('POST', '/events', newEvent);
    const base = '/events/hostmotet-2027';
    const topic = await api('POST', `${base}/topics`, { nameSv: 'Bygglov', nameEn: 'Building permits' });
    const zone = await api('POST', `${base}/zones`, { name: 'Centrum' });
    const slots = [
      await api('POST', `${base}/slots`, { date: '2027-10-14', startTime: '09:00', endTime: '10:00' }),
      await api('POST', `${base}/slots`, { date: '2027-10-14', startTime: '10:30', endTime: '11:30' }),
    ];
    return { base, topicId: topic.body.id as string, zoneId: zone.body.id as string, slotIds: slots.map((s) => s.body.id as string) };
  }

  it('creates and changes politicians and officials, sets availability and sends the private link', async () => {
    const { base, topicId, zoneId, slotIds } = await eventWithRefs();
    const politician = await api('POST', `${base}/hosts`, {
      kind: 'politician',
      name: 'Anna Andersson',
      email: 'anna@norrvik.example',
      party: 'Exempelpartiet',
      roles: 'Ordförande i kommunstyrelsen',
      topicIds: [topicId],
      startZoneId: zoneId,
    });
    expect(politician.status).toBe(201);
    expect(politician.body).toMatchObject({
      kind: 'politician',
      party: 'Exempelpartiet',
      topicIds: [topicId],
      maxVisitsPerDay: 3,
      invited: false,
    });
    const noDepartment = await api('POST', `${base}/hosts`, { kind: 'official', name: 'Bo', email: 'bo@norrvik.example' });
    expect(noDepartment.status).toBe(422);
    expect(noDepartment.body.errors[0]).toMatchObject({ path: 'department', code: 'required' });
    const duplicate = await api('POST', `${base}/hosts`, { kind: 'politician', name: 'Kopia', email: 'ANNA@norrvik.example', party: 'P' });
    expect(duplicate.body.errors[0]).toMatchObject({ path: 'email', code: 'duplicate' });

    const id = politician.body.id as string;
    const changed = await api('PATCH', `${base}/hosts/${id}`, { maxVisitsPerDay: 2, topicIds: [] });
    expect(changed.body).toMatchObject({ maxVisitsPerDay: 2, topicIds: [], party: 'Exempelpartiet' });
    const official = await api('PATCH', `${base}/hosts/${id}`, { kind: 'official', department: 'Kommunledningsförvaltningen' });
    expect(official.body).toMatchObject({ kind: 'official', party: '', department: 'Kommunledningsförvaltningen' });

    const availability = await api('PUT', `${base}/hosts/${id}/availability`, { slotIds: [slotIds[1]] });
    expect(availability.body.slotIds).toEqual([slotIds[1]]);
    expect((await api('PUT', `${base}/hosts/${id}/availability`, { slotIds: ['cap-slot'] })).status).toBe(422);

    const invite = await api('POST', `${base}/hosts/${id}/invite`);
    expect(invite.status).toBe(202);
    expect(
      one<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE kind = 'host_invitation' AND to_address = 'anna@norrvik.example'").n,
    ).toBe(1);
    expect((await api('GET', `${base}/hosts`)).body.hosts[0]).toMatchObject({ invited: true });
    expect(audit('host', 'create')).toHaveLength(1);
    expect(audit('host', 'update')).toHaveLength(2);
    expect(audit('host_availability', 'update')).toHaveLength(1);
  });

  it('imports a CSV: the dry run flags bad rows and saves nothing; the import saves the good rows in one change', async () => {
    const { base, topicId } = await eventWithRefs();
    const template = await harness.app.request(`/api/admin${base}/hosts/template.csv`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // Response.text() would drop the byte-order mark: decode the bytes as they are.
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await template.arrayBuffer())).toMatch(
      /^\uFEFFnamn;e-post;typ;parti;roller;förvaltning;titel;ämnen;max besök per dag;startzon\r\n/,
    );

    const csv = [
      'namn;e-post;typ;parti;roller;förvaltning;titel;ämnen;max besök per dag;startzon',
      'Anna Andersson;anna@norrvik.example;politiker;Exempelpartiet;Ordförande;;;Bygglov;3;Centrum',
      '"Berg, Bo";bo@norrvik.example;Tjänsteperson;;;Samhällsbyggnad;Handläggare;"Bygglov, Okänt";2;',
      'Cecilia;inte-en-adress;politiker;;;;;;x;Månen',
      'Dan Dahl;dan@norrvik.example;tjänsteperson;;;Miljö;;;;',
    ].join('\r\n');
    const preview = await api('POST', `${base}/hosts/import?dryRun=true`, { csv });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ created: 2, updated: 0, skipped: 2, saved: false });
    const rows = preview.body.rows as { line: number; action: string; errors: { field: string; message: string }[] }[];
    expect(rows.map((r) => [r.line, r.action])).toEqual([
      [2, 'create'],
      [3, 'skip'],
      [4, 'skip'],
      [5, 'create'],
    ]);
    expect(rows[1]?.errors).toEqual([{ field: 'ämnen', message: expect.stringContaining('Ämnet ”Okänt” finns inte') }]);
    expect(rows[2]?.errors.map((e) => e.field).sort()).toEqual(['e-post', 'max besök per dag', 'parti', 'startzon']);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM hosts WHERE email IN ('anna@norrvik.example', 'dan@norrvik.example')").n).toBe(0);

    const saved = await api('POST', `${base}/hosts/import`, { csv });
    expect(saved.body).toMatchObject({ created: 2, skipped: 2, saved: true });
    const hosts = (await api('GET', `${base}/hosts`)).body.hosts as { name: string; topicIds: string[]; startZoneId: string | null }[];
    expect(hosts.map((h) => h.name).sort()).toEqual(['Anna Andersson', 'Dan Dahl']);
    expect(hosts.find((h) => h.name === 'Anna Andersson')?.topicIds).toEqual([topicId]);
    const [row] = audit('host', 'import');
    expect(JSON.parse(row?.after_json ?? '{}')).toEqual({
      created: ['anna@norrvik.example', 'dan@norrvik.example'],
      updated: [],
      skippedLines: [3, 4],
    });

    // The corrected file again: existing hosts are updated, not duplicated; commas work as well.
    const fixed = [
      'namn,e-post,typ,förvaltning,ämnen',
      'Bo Berg,bo@norrvik.example,tjänsteperson,Samhällsbyggnad,Bygglov',
      'Dan Dahl,dan@norrvik.example,tjänsteperson,Miljö och hälsa,',
    ].join('\n');
    const second = await api('POST', `${base}/hosts/import`, { csv: `\uFEFF${fixed}` });
    expect(second.body).toMatchObject({ created: 1, updated: 1, skipped: 0, saved: true });
    expect(one<{ department: string }>("SELECT department FROM hosts WHERE email = 'dan@norrvik.example'").department).toBe(
      'Miljö och hälsa',
    );

    const missing = await api('POST', `${base}/hosts/import?dryRun=true`, { csv: 'namn;mejl\nA;b' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].message).toContain('e-post, typ');
  });
});

describe('the API document', () => {
  it('documents the set-up routes', async () => {
    const doc = (await (await harness.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [
      ['/api/admin/events', 'post'],
      ['/api/admin/events/{slug}', 'patch'],
      ['/api/admin/events/{slug}/copy', 'post'],
      ['/api/admin/events/{slug}/sessions/{id}', 'delete'],
      ['/api/admin/events/{slug}/zones', 'post'],
      ['/api/admin/events/{slug}/travel-times', 'put'],
      ['/api/admin/events/{slug}/hosts/{id}/availability', 'put'],
      ['/api/admin/events/{slug}/hosts/import', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
