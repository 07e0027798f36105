/**
 * Host changes are never silent, and freed hosts serve the queue for visits: removing a host cancels their part of
 * each confirmed visit and updates everyone else; a visit left short of the rules shows as needing attention with a
 * proposed replacement; a host who takes back their availability flags their visit; a cancelled visit frees its hosts
 * for the first request in the queue, which one action places and confirms, telling the company.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDemoRegistrations } from '../../db/demo-registrations.ts';
import type { Actor } from '../../src/domain/access/policy.ts';
import { createServices, type Services } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let services: Services;
let slug: string;
let eventId: string;

const organiser: Actor = {
  organiserId: 'attention-test',
  email: 'planerare@norrvik.example',
  name: 'Planerare',
  role: 'admin',
  eventIds: [],
  via: { kind: 'session', sessionId: 'attention-test' },
};

const outboxFor = (uid: string) =>
  harness.deps.db
    .selectFrom('outbox')
    .select(['to_address', 'ics_method', 'ics', 'kind'])
    .where('ics', 'like', `%${uid}%`)
    .orderBy('created_at')
    .execute();
const sequenceOf = (ics: string) =>
  Number((new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent') as ICAL.Component).getFirstPropertyValue('sequence'));
const visits = async () => (await services.visits.list(slug)) ?? [];
const board = async () => {
  const b = await services.visits.board(slug);
  if (!b) throw new Error('no board');
  return b;
};

beforeAll(async () => {
  harness = await createTestApp();
  harness.deps.sqlite
    .prepare("INSERT INTO organisers (id, email, name, role, created_at) VALUES (?, ?, ?, 'admin', ?)")
    .run(organiser.organiserId, organiser.email, organiser.name, new Date().toISOString());
  services = createServices(harness.deps);
  const event = await harness.deps.db
    .selectFrom('events')
    .select(['slug', 'id'])
    .where('slug', 'like', 'stora-motesdagen-%')
    .executeTakeFirstOrThrow();
  slug = event.slug;
  eventId = event.id;
  expect(await addDemoRegistrations(services, slug, 30)).toBe(30);
  const plan = await services.visits.propose(slug, { iterations: 5_000 });
  if (!plan.ok) throw new Error('no plan');
  expect((await services.visits.accept(slug, plan.value.visits, organiser)).ok).toBe(true);
  expect((await services.visits.confirm(slug, undefined, organiser)).ok).toBe(true);
});
afterAll(() => harness?.close());

describe('host changes', () => {
  it('removing a host sends them a CANCEL, the others an update, and flags the visit with a replacement', async () => {
    const visit = (await visits()).find((v) => v.status === 'confirmed' && v.hosts.length === 2);
    if (!visit) throw new Error('need a confirmed visit of two');
    const leaving = visit.hosts[0]!;
    const staying = visit.hosts[1]!;
    const removed = await services.setup.hosts.remove(organiser, eventId, leaving.id);
    expect(removed).toMatchObject({ ok: true });

    const messages = await outboxFor(visit.calendarUid);
    const last = (to: string) => messages.filter((m) => m.to_address === to).at(-1);
    expect(last(leaving.email)?.ics_method).toBe('CANCEL');
    expect(last(staying.email)).toMatchObject({ ics_method: 'REQUEST', kind: 'visit_changed' });
    expect(last(visit.company.contactEmail)).toMatchObject({ ics_method: 'REQUEST', kind: 'visit_changed' });
    expect(sequenceOf(last(staying.email)?.ics as string)).toBe(1);

    const flagged = (await board()).attention.find((a) => a.visitId === visit.id);
    expect(flagged?.problems.map((p) => p.code)).toContain('composition');

    const replacement = await services.visits.suggestReplacement(slug, visit.id);
    expect(replacement?.slotId).toBe(visit.slotId);
    expect(replacement?.hostIds).not.toContain(leaving.id);
    const changed = await services.visits.change(visit.id, { hostIds: [...(replacement?.hostIds ?? [])] }, { actor: organiser, eventId });
    expect(changed).toMatchObject({ ok: true, value: { violations: [] } });
    expect((await board()).attention.some((a) => a.visitId === visit.id)).toBe(false);
  });

  it('a host who takes back the slot of a visit puts that visit on the attention list, naming the host', async () => {
    const visit = (await visits()).find((v) => v.status === 'confirmed');
    if (!visit) throw new Error('need a confirmed visit');
    const host = visit.hosts[0]!;
    const current = await services.setup.hosts.get(eventId, host.id);
    const slotIds = (current?.slotIds ?? []).filter((id) => id !== visit.slotId);
    expect((await services.setup.hosts.setAvailability(organiser, eventId, host.id, { slotIds })).ok).toBe(true);
    const flagged = (await board()).attention.find((a) => a.visitId === visit.id);
    expect(flagged?.problems).toContainEqual(expect.objectContaining({ code: 'host_unavailable', hostId: host.id }));
  });
});

describe('the queue for visits', () => {
  it('lists the waiting requests by priority and arrival, with their place', async () => {
    const { unplaced } = await board();
    expect(unplaced.map((u) => u.position)).toEqual(unplaced.map((_, i) => i + 1));
    const keys = unplaced.map((u) => `${String(1_000 - u.priority).padStart(4, '0')} ${u.askedAt}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('a cancelled visit frees its hosts for the first request in the queue; one action places, confirms and tells the company', async () => {
    // Make a queue: cancel two confirmed visits, then re-serve only the first in line.
    const confirmed = (await visits()).filter((v) => v.status === 'confirmed');
    for (const v of confirmed.slice(0, 2)) expect((await services.visits.cancel(v.id, 'Test', organiser, eventId)).ok).toBe(true);
    const before = await board();
    const first = before.unplaced.find((u) => u.reason === 'placeable');
    if (!first) throw new Error('nothing placeable after freeing hosts');
    const served = await services.visits.serveQueue(slug, [first.id], organiser);
    expect(served).toMatchObject({ ok: true, value: { confirmed: 1 } });
    const placed = (await visits()).find((v) => v.requestId === first.id);
    expect(placed?.status).toBe('confirmed');
    const told = await outboxFor(placed?.calendarUid as string);
    expect(told.filter((m) => m.kind === 'visit_confirmed').map((m) => m.to_address)).toEqual([placed?.company.contactEmail]);
    expect((await board()).unplaced.some((u) => u.id === first.id)).toBe(false);
  });

  it('with the event set to serve its queue, the scheduled job places and confirms what freed hosts can serve', async () => {
    expect(await services.visits.serveQueuesAutomatically()).toBe(0);
    const updated = await services.setup.events.update(organiser, eventId, { serveVisitQueue: true });
    expect(updated).toMatchObject({ ok: true, value: { serveVisitQueue: true } });
    const confirmed = (await visits()).filter((v) => v.status === 'confirmed');
    expect((await services.visits.cancel(confirmed[0]!.id, 'Test', organiser, eventId)).ok).toBe(true);
    const placeable = (await board()).unplaced.filter((u) => u.reason === 'placeable').length;
    expect(placeable).toBeGreaterThan(0);
    expect(await services.visits.serveQueuesAutomatically()).toBe(placeable);
    expect((await board()).unplaced.filter((u) => u.reason === 'placeable')).toEqual([]);
    // Run again at once: nothing more to do, nothing sent twice.
    expect(await services.visits.serveQueuesAutomatically()).toBe(0);
  });
});
