/**
 * A company may wish for more than one politician on its visit: the wish is a field of the registration form and the
 * API (refused with a field error above the event's most politicians per visit, storing nothing), it is kept in the
 * database and kept through a change that leaves it out, and planning reads it: given when the rules and hosts allow,
 * else the event's usual delegation with a `wish_not_met` warning, never no visit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeInput, registrationInput, valuesFromForm } from '../../site/lib/registration-form.ts';
import { RegistrationChangeSchema, RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { createTestApp, accessFixtures as fx, jsonRequest } from '../support/app.ts';
import { registerAndConfirmIn } from '../support/confirm.ts';
import { registrationBody } from '../support/registrations.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let slug = '';
let event: { visitSlots: { id: string }[]; sessions: { id: string }[]; maxPoliticiansPerVisit: number };
let adminToken = '';

type Problem = { code: string; errors?: { path: string; code: string; message: string }[] };
type View = { id: string; visitRequest: { politicians: number | null } | null };
type Plan = {
  visits: { requestId: string; slotId: string; hostIds: string[] }[];
  unplaced: { requestId: string }[];
  warnings: { code: string; requestId?: string; params: Record<string, unknown> }[];
};

const one = <T>(query: string, ...params: unknown[]) => harness.deps.sqlite.prepare(query).get(...params) as T;

const request = (path: string, init?: Parameters<typeof jsonRequest>[2]) => jsonRequest(harness.app, path, init);

const visitRequest = (politicians?: number | string | null) => ({
  slotIds: [event.visitSlots[0]?.id],
  topics: [],
  participants: 2,
  message: '',
  ...(politicians === undefined ? {} : { politicians }),
});

const register = (n: number, politicians?: number | string | null, lang = 'sv') =>
  request(`/api/events/${slug}/registrations`, {
    method: 'POST',
    lang,
    body: registrationBody(n, [{ sessionIds: [event.sessions[0]?.id as string] }], { visitRequest: visitRequest(politicians) }),
  });

const storedWish = (registrationId: string) =>
  one<{ id: string; wants_politician_count: number | null }>(
    "SELECT id, wants_politician_count FROM visit_requests WHERE registration_id = ? AND status = 'active'",
    registrationId,
  );

/** Sets the event's delegation rules as an organiser would on its settings. */
const setRules = (rules: { max_politicians: number; max_delegation_size: number }) =>
  harness.deps.sqlite
    .prepare(
      'UPDATE events SET min_politicians = 1, max_politicians = ?, min_officials = 1, max_officials = 1, max_delegation_size = ? WHERE slug = ?',
    )
    .run(rules.max_politicians, rules.max_delegation_size, slug);

async function propose(): Promise<Plan> {
  const response = await request(`/api/admin/events/${slug}/plans`, { method: 'POST', bearer: adminToken, body: { iterations: 2_000 } });
  expect(response.status).toBe(200);
  return (await response.json()) as Plan;
}

const politiciansIn = (hostIds: string[]) =>
  hostIds.filter((id) => one<{ kind: string }>('SELECT kind FROM hosts WHERE id = ?', id).kind === 'politician').length;

beforeAll(async () => {
  harness = await createTestApp();
  slug = one<{ slug: string }>("SELECT slug FROM events WHERE slug LIKE 'stora-motesdagen-%'").slug;
  setRules({ max_politicians: 2, max_delegation_size: 3 });
  event = (await (await request(`/api/events/${slug}`)).json()) as typeof event;
  const admin = fx.organiser(harness.deps.sqlite, { email: 'wish-admin@norrvik.example', role: 'admin' });
  adminToken = await fx.apiToken(harness.deps.sqlite, admin);
});
afterAll(() => harness?.close());

describe('a wished number of politicians', () => {
  let requestId = '';
  let manageToken = '';

  it('is offered up to the event’s most politicians per visit', () => {
    expect(event.maxPoliticiansPerVisit).toBe(2);
  });

  it('is stored at registration and given by planning when the rules leave room', async () => {
    const body = await registerAndConfirmIn<View>(
      harness,
      slug,
      registrationBody(1, [{ sessionIds: [event.sessions[0]?.id as string] }], { visitRequest: visitRequest(2) }),
    );
    expect(body.visitRequest?.politicians).toBe(2);
    manageToken = body.token;
    const stored = storedWish(body.id);
    expect(stored.wants_politician_count).toBe(2);
    requestId = stored.id;
    const plan = await propose();
    const visit = plan.visits.find((v) => v.requestId === requestId);
    expect(visit, JSON.stringify(plan.unplaced)).toBeDefined();
    expect(politiciansIn(visit!.hostIds)).toBe(2);
    expect(plan.warnings.filter((w) => w.requestId === requestId)).toEqual([]);
  });

  it('that the rules cannot meet gives the usual delegation and a warning, not a lost visit', async () => {
    // At most 2 politicians, but a delegation of 2 must hold an official.
    setRules({ max_politicians: 2, max_delegation_size: 2 });
    const plan = await propose();
    const visit = plan.visits.find((v) => v.requestId === requestId);
    expect(visit, JSON.stringify(plan.unplaced)).toBeDefined();
    expect(politiciansIn(visit!.hostIds)).toBe(1);
    expect(plan.warnings.filter((w) => w.requestId === requestId)).toEqual([
      expect.objectContaining({ code: 'wish_not_met', params: { wanted: 2, given: 1, limit: 1 } }),
    ]);
    setRules({ max_politicians: 2, max_delegation_size: 3 });
  });

  it('is kept by a change that leaves it out, and cleared by null', async () => {
    const patch = (body: unknown) => request(`/api/registrations/${manageToken}`, { method: 'PATCH', body });
    let response = await patch({ visitRequest: { ...visitRequest(), participants: 4 } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as View).visitRequest?.politicians).toBe(2);
    response = await patch({ visitRequest: visitRequest(null) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as View).visitRequest?.politicians).toBeNull();
  });

  it('above the event’s most, or not a number of politicians, is refused naming the field, storing nothing', async () => {
    for (const [n, politicians, lang, code, message] of [
      [2, 3, 'sv', 'too_many_politicians', /^Så många politiker kommer inte på ett besök/],
      [3, 3, 'en', 'too_many_politicians', /^This event does not send that many politicians/],
      [4, 0, 'sv', 'invalid_politicians', /^Välj hur många politiker ni vill träffa/],
      [5, 'två', 'en', 'invalid_politicians', /^Choose how many politicians you would like to meet/],
    ] as const) {
      const before = harness.counts();
      const response = await register(n, politicians, lang);
      const problem = (await response.json()) as Problem;
      expect(response.status).toBe(422);
      expect(problem.errors).toEqual([{ path: 'visitRequest.politicians', code, message: expect.stringMatching(message) }]);
      expect(harness.counts()).toEqual(before);
    }
  });

  it('is read from the form posted without JavaScript: "No preference" is no wish', () => {
    const form = (politicians: string) => {
      const data = new FormData();
      data.set('wantsVisit', 'yes');
      data.append('visitRequest.slotIds', event.visitSlots[0]?.id as string);
      data.set('visitRequest.participants', '3');
      data.set('visitRequest.politicians', politicians);
      return valuesFromForm(data).values;
    };
    expect(RegistrationInputSchema.shape.visitRequest.parse(registrationInput(form('2'), 'sv').visitRequest)?.politicians).toBe(2);
    expect(RegistrationInputSchema.shape.visitRequest.parse(registrationInput(form(''), 'sv').visitRequest)?.politicians).toBeNull();
    expect(RegistrationChangeSchema.shape.visitRequest.parse(changeInput(form('1'), 'sv').visitRequest)?.politicians).toBe(1);
  });
});
