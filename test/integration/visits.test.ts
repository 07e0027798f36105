/**
 * Visit planning end to end on the Node runtime's services: the engine proposes, a proposal is saved,
 * confirmed visits send one shared invite, changes update it (REQUEST, SEQUENCE+1) and cancel it for
 * removed hosts, manual changes are checked against the rules, and cancelling sends CANCEL to all.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExport } from '../../src/domain/exports.ts';
import type { Services } from '../../src/domain/services.ts';
import { type createTestApp, demoEventWithRequests } from '../support/app.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let services: Services;
let slug: string;

beforeAll(async () => {
  ({ harness, services, slug } = await demoEventWithRequests(30));
});
afterAll(() => harness?.close());

const outbox = (kind?: string) =>
  harness.deps.db
    .selectFrom('outbox')
    .selectAll()
    .$if(kind !== undefined, (q) => q.where('kind', '=', kind as string))
    .orderBy('created_at')
    .execute();

const eventId = async () => (await harness.deps.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

const parse = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent') as ICAL.Component;

describe('visit planning', () => {
  it('proposes a plan without saving it, then saves it as proposed', async () => {
    const proposal = await services.visits.propose(slug, { iterations: 5_000 });
    expect(proposal.ok).toBe(true);
    if (!proposal.ok) return;
    const plan = proposal.value;
    expect(plan.quality.requests).toBe(24);
    expect(plan.visits.length).toBeGreaterThan(10);
    expect(plan.upperBound).toBeGreaterThanOrEqual(plan.quality.placed);
    expect(await services.visits.list(slug)).toEqual([]);

    const accepted = await services.visits.accept(slug, plan.visits);
    expect(accepted).toMatchObject({ ok: true, value: { proposed: plan.visits.length, kept: 0, withdrawn: 0 } });
    const visits = (await services.visits.list(slug)) ?? [];
    expect(visits).toHaveLength(plan.visits.length);
    expect(visits.every((v) => v.status === 'proposed')).toBe(true);
    // Nothing is sent for proposals.
    expect(await outbox('visit_confirmed')).toEqual([]);

    // Accepting the same plan again changes nothing.
    expect(await services.visits.accept(slug, plan.visits)).toMatchObject({
      ok: true,
      value: { proposed: 0, kept: plan.visits.length, withdrawn: 0 },
    });
  });

  it('confirms: one calendar event shared by the company and every host', async () => {
    const [first] = (await services.visits.list(slug)) ?? [];
    if (!first) throw new Error('no visit');
    expect(await services.visits.confirm(slug, [first.id])).toMatchObject({ ok: true, value: { confirmed: 1 } });
    const company = (await outbox('visit_confirmed')).filter((m) => m.to_address === first.company.contactEmail);
    const hosts = await outbox('visit_assignment');
    expect(company).toHaveLength(1);
    expect(hosts.map((m) => m.to_address).sort()).toEqual(first.hosts.map((h) => h.email).sort());
    for (const message of [...company, ...hosts]) {
      expect(message.ics_method).toBe('REQUEST');
      const event = parse(message.ics as string);
      expect(event.getFirstPropertyValue('uid')).toBe(first.calendarUid);
      expect(event.getFirstPropertyValue('sequence')).toBe(0);
      const attendees = event.getAllProperties('attendee').map((a) => String(a.getFirstValue()).replace(/^mailto:/i, ''));
      expect(attendees.sort()).toEqual([first.company.contactEmail, ...first.hosts.map((h) => h.email)].sort());
    }
  });

  it('refuses a double-booking, refuses a rule breach unless overridden, and logs the override', async () => {
    const visits = (await services.visits.list(slug)) ?? [];
    const confirmed = visits.find((v) => v.status === 'confirmed');
    const other = visits.find((v) => v.status === 'proposed' && v.slotId !== confirmed?.slotId);
    if (!confirmed || !other) throw new Error('need two visits in different slots');

    // Moving a host of another visit into this one, in that host's own slot, books them twice.
    const busy = await services.visits.change(
      confirmed.id,
      { slotId: other.slotId, hostIds: [...confirmed.hosts.map((h) => h.id), other.hosts[0]?.id as string] },
      { override: true },
    );
    expect(busy.ok).toBe(false);
    if (!busy.ok) expect(busy.error.fieldErrors?.map((e) => e.code)).toContain('host_double_booked');

    // One politician only breaks the default composition (one politician and one official).
    const politician = confirmed.hosts.find((h) => h.kind === 'politician') as { id: string; email: string };
    const refused = await services.visits.change(confirmed.id, { hostIds: [politician.id] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.fieldErrors?.map((e) => e.code)).toContain('composition');

    const overridden = await services.visits.change(
      confirmed.id,
      { hostIds: [politician.id] },
      { override: true, actor: { label: 'test' } },
    );
    expect(overridden.ok).toBe(true);
    const log = await harness.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'visit.change.override').execute();
    expect(log).toHaveLength(1);
    expect(log[0]?.entity_id).toBe(confirmed.id);

    // The kept breach stays visible with who kept it: on the board (and so the day schedules) and in the export.
    const kept = (await services.visits.board(slug, { reasons: false }))?.visits.find((v) => v.id === confirmed.id);
    expect(kept?.override).toMatchObject({ by: 'test', rules: [expect.objectContaining({ code: 'composition' })] });
    const exported = await buildExport(harness.deps.db, await eventId(), 'besok');
    const row = exported.csv.split('\r\n').find((line) => line.includes(confirmed.company.name));
    // In words with the numbers, never ids: the row itself says which company and time.
    expect(row).toMatch(
      /Bryter mot: Delegationen har \d politiker och \d tjänstepersoner?; reglerna kräver 1 politiker, 1 tjänsteperson, högst 2 personer\./,
    );
    expect(row).toContain('Behålls av test');

    // The removed official gets CANCEL, the company and the politician an update, all with SEQUENCE 1.
    const official = confirmed.hosts.find((h) => h.kind === 'official') as { email: string };
    const cancelled = (await outbox('visit_cancelled')).find((m) => m.to_address === official.email);
    expect(cancelled?.ics_method).toBe('CANCEL');
    const cancelEvent = parse(cancelled?.ics as string);
    expect(cancelEvent.getFirstPropertyValue('sequence')).toBe(1);
    expect(cancelEvent.getFirstPropertyValue('uid')).toBe(confirmed.calendarUid);
    const updates = await outbox('visit_changed');
    expect(updates.map((m) => m.to_address).sort()).toEqual([confirmed.company.contactEmail, politician.email].sort());
    for (const update of updates) {
      expect(update.ics_method).toBe('REQUEST');
      expect(parse(update.ics as string).getFirstPropertyValue('sequence')).toBe(1);
    }
  });

  it('cancels a confirmed visit with CANCEL to everyone still in it, and re-planning keeps confirmed visits', async () => {
    const visits = (await services.visits.list(slug)) ?? [];
    const confirmed = visits.find((v) => v.status === 'confirmed');
    if (!confirmed) throw new Error('no confirmed visit');
    const again = await services.visits.propose(slug, { iterations: 5_000 });
    if (!again.ok) throw new Error('no plan');
    const kept = again.value.visits.find((v) => v.requestId === confirmed.requestId);
    expect(kept).toEqual({
      requestId: confirmed.requestId,
      slotId: confirmed.slotId,
      hostIds: expect.arrayContaining(confirmed.hosts.map((h) => h.id)),
    });

    expect(await services.visits.cancel(confirmed.id, 'Sjukdom')).toEqual({ ok: true, value: { cancelled: true, notified: true } });
    const cancels = (await outbox('visit_cancelled')).filter((m) => Number(parse(m.ics as string).getFirstPropertyValue('sequence')) === 2);
    expect(cancels.map((m) => m.to_address).sort()).toEqual(
      [confirmed.company.contactEmail, ...confirmed.hosts.map((h) => h.email)].sort(),
    );
    expect(cancels.every((m) => m.ics_method === 'CANCEL' && m.html.includes('Sjukdom'))).toBe(true);
    expect((await services.visits.list(slug))?.some((v) => v.id === confirmed.id)).toBe(false);
  });
});
