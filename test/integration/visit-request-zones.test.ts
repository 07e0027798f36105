/**
 * Visit requests get a zone (where the visit takes place) so travel time binds in planning: companies
 * choose it when they register or change (a zone of another event or an unknown id is refused with a
 * field error on `visitRequest.zoneId` and nothing is stored), the planning input sees it, and organisers
 * set or change it through the admin API, with an audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeInput, registrationInput, valuesFromForm } from '../../site/lib/registration-form.ts';
import { RegistrationChangeSchema, RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { loadMatchingInput } from '../../src/domain/visit-data.ts';
import { createTestApp, accessFixtures as fx, jsonRequest } from '../support/app.ts';
import { confirmationLinkFromOutbox, confirmThrough } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let slug = '';
let event: {
  zones: { id: string; name: string }[];
  visitSlots: { id: string }[];
  sessions: { id: string }[];
};
let adminToken = '';
let outsiderToken = '';
/** A zone that belongs to the fixture event `kapacitet`, not to the demo event. */
const FOREIGN_ZONE = 'zone-of-another-event';

type Problem = { code: string; errors?: { path: string; code: string; message: string }[] };
type View = { id: string; manageUrl: string; visitRequest: { zoneId: string | null } | null };

const sql = <T>(query: string, ...params: unknown[]) => harness.deps.sqlite.prepare(query).all(...params) as T[];
const one = <T>(query: string, ...params: unknown[]) => harness.deps.sqlite.prepare(query).get(...params) as T;

const request = (path: string, init?: Parameters<typeof jsonRequest>[2]) => jsonRequest(harness.app, path, init);

const visitRequest = (zoneId?: string | null) => ({
  slotIds: [event.visitSlots[0]?.id],
  topics: [],
  participants: 2,
  message: '',
  ...(zoneId === undefined ? {} : { zoneId }),
});

const register = (n: number, zoneId?: string | null, lang = 'sv') =>
  request(`/api/events/${slug}/registrations`, {
    method: 'POST',
    lang,
    body: registrationBody(n, [{ sessionIds: [event.sessions[0]?.id as string] }], { visitRequest: visitRequest(zoneId) }),
  });

/** Registers and confirms by the link in the contact's email; the registration as its manage link shows it. */
async function registered(n: number, zoneId?: string | null): Promise<View> {
  const answer = await register(n, zoneId);
  expect(answer.status, await answer.clone().text()).toBe(202);
  const { manageUrl, token } = await confirmThrough(
    (path, init) => harness.app.request(path, init),
    await confirmationLinkFromOutbox(harness, registrationBody(n, []).contact.email),
  );
  return { ...((await (await request(`/api/registrations/${token}`)).json()) as View), manageUrl };
}

/** The active visit request of a registration as stored. */
const storedRequest = (registrationId: string) =>
  one<{ id: string; zone_id: string | null } | undefined>(
    "SELECT id, zone_id FROM visit_requests WHERE registration_id = ? AND status = 'active'",
    registrationId,
  );

/** The zone the matching engine's input has for a request. */
async function planningZone(requestId: string) {
  const row = await harness.deps.db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
  const { input } = await loadMatchingInput(harness.deps.db, row);
  return input.requests.find((r) => r.id === requestId)?.zoneId;
}

beforeAll(async () => {
  harness = await createTestApp();
  slug = one<{ slug: string }>("SELECT slug FROM events WHERE slug LIKE 'stora-motesdagen-%'").slug;
  harness.deps.sqlite
    .prepare('INSERT INTO zones (id, event_id, name) SELECT ?, id, ? FROM events WHERE slug = ?')
    .run(FOREIGN_ZONE, 'Provområdet', CAPACITY_EVENT);
  const response = await request(`/api/events/${slug}`);
  expect(response.status).toBe(200);
  event = (await response.json()) as typeof event;
  const admin = fx.organiser(harness.deps.sqlite, { email: 'zone-admin@norrvik.example', role: 'admin' });
  adminToken = await fx.apiToken(harness.deps.sqlite, admin);
  const outsider = fx.organiser(harness.deps.sqlite, { email: 'zone-outsider@norrvik.example', role: 'organiser' });
  outsiderToken = await fx.apiToken(harness.deps.sqlite, outsider);
});
afterAll(() => harness?.close());

describe('the zone of a visit request', () => {
  it('lists the event’s zones by name in the public event', () => {
    expect(event.zones.length).toBeGreaterThan(1);
    expect(event.zones.map((z) => z.name)).toEqual([...event.zones.map((z) => z.name)].sort((a, b) => a.localeCompare(b, 'sv')));
    expect(event.zones.some((z) => z.id === FOREIGN_ZONE)).toBe(false);
  });

  it('stores the zone chosen at registration, and the planning input sees it', async () => {
    const zone = event.zones[1] as { id: string };
    const body = await registered(1, zone.id);
    expect(body.visitRequest?.zoneId).toBe(zone.id);
    const stored = storedRequest(body.id);
    expect(stored?.zone_id).toBe(zone.id);
    expect(await planningZone(stored?.id as string)).toBe(zone.id);
  });

  it('stores no zone when the company does not know (null or left out)', async () => {
    for (const [n, zoneId] of [
      [2, null],
      [3, undefined],
    ] as const) {
      const body = await registered(n, zoneId);
      expect(body.visitRequest?.zoneId).toBeNull();
      expect(storedRequest(body.id)?.zone_id).toBeNull();
    }
  });

  it('refuses a zone of another event or an unknown id with a field error, in the user’s language, storing nothing', async () => {
    for (const [n, zoneId, lang, message] of [
      [4, FOREIGN_ZONE, 'sv', /^Området finns inte i det här evenemanget/],
      [5, 'no-such-zone', 'sv', /^Området finns inte i det här evenemanget/],
      [6, FOREIGN_ZONE, 'en', /^The area is not part of this event/],
    ] as const) {
      const before = harness.counts();
      const response = await register(n, zoneId, lang);
      const problem = (await response.json()) as Problem;
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors).toEqual([{ path: 'visitRequest.zoneId', code: 'unknown_zone', message: expect.stringMatching(message) }]);
      expect(harness.counts()).toEqual(before);
    }
  });

  it('refuses a zone id that is not an id at all (schema)', async () => {
    const before = harness.counts();
    const response = await register(7, '');
    const problem = (await response.json()) as Problem;
    expect(response.status).toBe(422);
    expect(problem.errors?.map((e) => e.path)).toEqual(['visitRequest.zoneId']);
    expect(harness.counts()).toEqual(before);
  });

  it('changes the zone through the manage link; a change that leaves it out keeps it; a foreign one is refused', async () => {
    const [first, second] = event.zones as [{ id: string; name: string }, { id: string; name: string }];
    const created = await registered(8, first.id);
    const token = created.manageUrl.split('/').at(-1) as string;
    const patch = (body: unknown, lang = 'sv') => request(`/api/registrations/${token}`, { method: 'PATCH', body, lang });

    let response = await patch({ visitRequest: visitRequest(second.id) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as View).visitRequest?.zoneId).toBe(second.id);
    const stored = storedRequest(created.id);
    expect(stored?.zone_id).toBe(second.id);
    expect(await planningZone(stored?.id as string)).toBe(second.id);

    // An API client that does not know about zones changes its request: the zone stays.
    response = await patch({ visitRequest: { ...visitRequest(), participants: 4 } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as View).visitRequest?.zoneId).toBe(second.id);

    const before = harness.counts();
    const zonesBefore = sql('SELECT id, zone_id, status FROM visit_requests ORDER BY id');
    response = await patch({ visitRequest: visitRequest(FOREIGN_ZONE) }, 'en');
    const problem = (await response.json()) as Problem;
    expect(response.status).toBe(422);
    expect(problem.errors).toEqual([
      { path: 'visitRequest.zoneId', code: 'unknown_zone', message: expect.stringMatching(/^The area is not part of this event/) },
    ]);
    expect(harness.counts()).toEqual(before);
    expect(sql('SELECT id, zone_id, status FROM visit_requests ORDER BY id')).toEqual(zonesBefore);

    response = await patch({ visitRequest: visitRequest(null) });
    expect(response.status).toBe(200);
    expect(storedRequest(created.id)?.zone_id).toBeNull();
  });

  it('reads the zone from the form posted without JavaScript: "Don’t know" is no zone', () => {
    const form = (zoneId: string) => {
      const data = new FormData();
      data.set('wantsVisit', 'yes');
      data.append('visitRequest.slotIds', event.visitSlots[0]?.id as string);
      data.set('visitRequest.participants', '3');
      data.set('visitRequest.zoneId', zoneId);
      return valuesFromForm(data).values;
    };
    const zone = event.zones[0]?.id as string;
    expect(registrationInput(form(zone), 'sv').visitRequest?.zoneId).toBe(zone);
    expect(registrationInput(form(''), 'sv').visitRequest?.zoneId).toBeNull();
    expect(RegistrationChangeSchema.shape.visitRequest.parse(changeInput(form(zone), 'sv').visitRequest)?.zoneId).toBe(zone);
    expect(RegistrationInputSchema.shape.visitRequest.parse(registrationInput(form(''), 'sv').visitRequest)?.zoneId).toBeNull();
  });
});

describe('organisers set the zone of a request', () => {
  let registrationId = '';
  let requestId = '';
  let manageToken = '';
  const put = (id: string, zoneId: unknown, bearer = adminToken, lang = 'sv') =>
    request(`/api/admin/events/${slug}/visit-requests/${id}/zone`, { method: 'PUT', body: { zoneId }, bearer, lang });
  const auditRows = (id: string) =>
    sql<{ action: string; actor: string; before_json: string; after_json: string }>(
      "SELECT action, actor, before_json, after_json FROM audit_log WHERE entity = 'visit_request' AND entity_id = ? ORDER BY created_at",
      id,
    );

  beforeAll(async () => {
    const created = await registered(20);
    registrationId = created.id;
    manageToken = created.manageUrl.split('/').at(-1) as string;
    requestId = storedRequest(registrationId)?.id as string;
    expect(requestId).toBeTruthy();
  });

  it('sets and changes the zone, logged, and the planning input sees it', async () => {
    const [first, second] = event.zones as [{ id: string; name: string }, { id: string; name: string }];
    let response = await put(requestId, first.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ requestId, zoneId: first.id });
    expect(storedRequest(registrationId)?.zone_id).toBe(first.id);
    expect(await planningZone(requestId)).toBe(first.id);

    response = await put(requestId, second.id);
    expect(response.status).toBe(200);
    expect(await planningZone(requestId)).toBe(second.id);

    const rows = auditRows(requestId);
    expect(rows.map((r) => r.action)).toEqual(['visit_request.zone', 'visit_request.zone']);
    expect(rows[0]?.actor).toContain('zone-admin@norrvik.example');
    expect(JSON.parse(rows[1]?.before_json as string)).toEqual({ zoneId: first.id, zone: first.name });
    expect(JSON.parse(rows[1]?.after_json as string)).toEqual({ zoneId: second.id, zone: second.name });

    // The company sees it behind its manage link too.
    const view = (await (await request(`/api/registrations/${manageToken}`)).json()) as View;
    expect(view.visitRequest?.zoneId).toBe(second.id);
  });

  it('clears the zone with null; setting the same zone again writes nothing', async () => {
    expect((await put(requestId, null)).status).toBe(200);
    expect(storedRequest(registrationId)?.zone_id).toBeNull();
    const logged = auditRows(requestId).length;
    expect((await put(requestId, null)).status).toBe(200);
    expect(auditRows(requestId)).toHaveLength(logged);
  });

  it('refuses a zone of another event or an unknown zone with a field error naming zoneId, changing nothing', async () => {
    const zone = event.zones[2]?.id as string;
    expect((await put(requestId, zone)).status).toBe(200);
    const logged = auditRows(requestId).length;
    for (const [zoneId, lang, message] of [
      [FOREIGN_ZONE, 'sv', /^Området finns inte/],
      ['no-such-zone', 'en', /^The area is not part of this event/],
    ] as const) {
      const response = await put(requestId, zoneId, adminToken, lang);
      const problem = (await response.json()) as Problem;
      expect(response.status).toBe(422);
      expect(problem.errors).toEqual([{ path: 'zoneId', code: 'unknown_zone', message: expect.stringMatching(message) }]);
    }
    expect(storedRequest(registrationId)?.zone_id).toBe(zone);
    expect(auditRows(requestId)).toHaveLength(logged);
  });

  it('answers 404 for an unknown or withdrawn request, and 403 to an organiser without the event', async () => {
    expect((await put('no-such-request', null)).status).toBe(404);
    const withdrawn = one<{ id: string }>("SELECT id FROM visit_requests WHERE status = 'withdrawn' LIMIT 1");
    expect((await put(withdrawn.id, event.zones[0]?.id)).status).toBe(404);
    expect((await put(requestId, event.zones[0]?.id, outsiderToken)).status).toBe(403);
    expect((await put(requestId, 42)).status).toBe(422);
  });
});
