/**
 * A proposal kept for review: making it saves no visit; accepting one change saves only that one; accepting the
 * rest saves them through the same path as a saved plan (proposed visits, audit row); a change the engine makes to
 * a saved proposal withdraws the old visit; and a proposal overtaken by another change is refused as a whole, with
 * the overtaken request named and nothing saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDraft } from '../../src/domain/plan-drafts.ts';
import { demoEventWithRequests } from '../support/app.ts';

let demo: Awaited<ReturnType<typeof demoEventWithRequests>>;
beforeAll(async () => {
  demo = await demoEventWithRequests(30);
});
afterAll(() => demo?.harness.close());
const visits = () => demo.services.visits;

const live = async () => (await visits().list(demo.slug)) ?? [];
const draft = async () => {
  const made = await visits().draft(demo.slug, { label: 'test' }, { iterations: 5_000 });
  if (!made.ok) throw new Error(made.error.code);
  return made.value;
};

describe('a proposal under review', () => {
  it('saves nothing when made, then one change, then the rest, each through the plan path', async () => {
    const proposal = await draft();
    expect(proposal.changes.length).toBeGreaterThan(3);
    expect(proposal.changes.every((c) => c.kind === 'new' && c.before === null)).toBe(true);
    expect(await live()).toEqual([]);

    const [first, ...rest] = proposal.changes;
    if (!first) throw new Error('no change');
    expect(await visits().acceptDraft(demo.slug, proposal.id, [first.requestId])).toEqual({ ok: true, value: { accepted: 1 } });
    const saved = await live();
    expect(saved.map((v) => [v.requestId, v.slotId, v.status])).toEqual([[first.requestId, first.after?.slotId, 'proposed']]);
    const review = await visits().draftReview(demo.slug, proposal.id);
    expect(review?.states.get(first.requestId)).toBe('saved');
    expect(rest.every((c) => review?.states.get(c.requestId) === 'pending')).toBe(true);

    expect(await visits().acceptDraft(demo.slug, proposal.id, undefined)).toEqual({ ok: true, value: { accepted: rest.length } });
    expect((await live()).length).toBe(proposal.changes.length);
    const log = await demo.harness.deps.db.selectFrom('audit_log').select('after_json').where('action', '=', 'plan.accept').execute();
    expect(log).toHaveLength(2);
    expect(JSON.parse(log[1]?.after_json ?? '{}')).toMatchObject({ draftId: proposal.id });
    // Accepting again finds nothing left to do.
    expect(await visits().acceptDraft(demo.slug, proposal.id, undefined)).toEqual({ ok: true, value: { accepted: 0 } });
  });

  it('re-staffs or moves a saved proposal whose host is no longer available, withdrawing the old visit', async () => {
    const [visit] = await live();
    if (!visit) throw new Error('no visit');
    const host = visit.hosts[0]?.id as string;
    await demo.harness.deps.db.deleteFrom('host_availability').where('host_id', '=', host).where('slot_id', '=', visit.slotId).execute();
    const proposal = await draft();
    const change = proposal.changes.find((c) => c.requestId === visit.requestId);
    expect(['moved', 'restaffed', 'removed']).toContain(change?.kind);
    expect(change?.before).toMatchObject({ visitId: visit.id, updatedAt: visit.updatedAt });

    const accepted = await visits().acceptDraft(demo.slug, proposal.id, [visit.requestId]);
    expect(accepted).toEqual({ ok: true, value: { accepted: 1 } });
    const now = (await live()).find((v) => v.requestId === visit.requestId);
    expect(now?.id).not.toBe(visit.id);
    if (change?.after) expect(now?.hosts.map((h) => h.id)).not.toContain(host);
    const old = await demo.harness.deps.db.selectFrom('visits').select('status').where('id', '=', visit.id).executeTakeFirstOrThrow();
    expect(old.status).toBe('cancelled');
  });

  it('refuses a stale proposal as a whole and names the request another change overtook', async () => {
    // Free some requests so the next proposal places them anew.
    const cancelled = (await live()).slice(0, 3);
    for (const v of cancelled) expect((await visits().cancel(v.id)).ok).toBe(true);
    const proposal = await draft();
    const fresh = proposal.changes.filter((c) => c.kind === 'new');
    expect(fresh.length).toBeGreaterThan(0);
    const overtaken = fresh[0];
    if (!overtaken?.after) throw new Error('no new change');

    // Another organiser places that request meanwhile, by hand and otherwise (one host, kept against the rules).
    const byHand = { ...overtaken.after, hostIds: overtaken.after.hostIds.slice(0, 1) };
    expect((await visits().place(demo.slug, byHand, { override: true })).ok).toBe(true);
    const before = await live();
    expect((await visits().draftReview(demo.slug, proposal.id))?.states.get(overtaken.requestId)).toBe('stale');

    for (const only of [undefined, [overtaken.requestId]]) {
      const refused = await visits().acceptDraft(demo.slug, proposal.id, only);
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'visit_conflict', fieldErrors: [{ path: `changes.${overtaken.requestId}`, code: 'stale' }] },
      });
    }
    expect(await live()).toEqual(before);
    expect(
      (await live()).find((v) => v.requestId === overtaken.requestId)?.hosts.map((h) => h.id),
      'the hand-placed visit stays as its organiser left it',
    ).toEqual(byHand.hostIds);
  });

  it('refuses a change whose hosts another pending change must free first, and takes it once that one is accepted', async () => {
    // A proposal in which a saved visit goes and a waiting request takes its hosts at its time.
    const saved = (await live()).filter((v) => v.status === 'proposed' && !v.override);
    const waiting = (await visits().board(demo.slug, { reasons: false }))?.unplaced ?? [];
    let pair: { gone: (typeof saved)[number]; taker: string } | undefined;
    for (const request of waiting) {
      const gone = saved.find((v) => request.slotIds.includes(v.slotId));
      if (gone) {
        pair = { gone, taker: request.id };
        break;
      }
    }
    if (!pair) throw new Error('no waiting request accepts the time of a saved visit');
    const { gone, taker } = pair;
    const hostIds = gone.hosts.map((h) => h.id);
    const made = await visits().draft(demo.slug, { label: 'test' }, { iterations: 10 });
    if (!made.ok) throw new Error(made.error.code);
    const id = `${made.value.id}-handmade`;
    await storeDraft(demo.harness.deps.db, {
      ...made.value,
      id,
      changes: [
        {
          requestId: gone.requestId,
          kind: 'removed',
          before: { visitId: gone.id, slotId: gone.slotId, hostIds, updatedAt: gone.updatedAt },
          after: null,
        },
        { requestId: taker, kind: 'new', before: null, after: { requestId: taker, slotId: gone.slotId, hostIds } },
      ],
    });

    const refused = await visits().acceptDraft(demo.slug, id, [taker]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'visit_conflict' } });
    if (!refused.ok) expect(refused.error.fieldErrors?.map((e) => e.code)).toContain('host_double_booked');
    expect((await live()).some((v) => v.requestId === taker)).toBe(false);

    expect(await visits().acceptDraft(demo.slug, id, [gone.requestId])).toEqual({ ok: true, value: { accepted: 1 } });
    expect(await visits().acceptDraft(demo.slug, id, [taker])).toEqual({ ok: true, value: { accepted: 1 } });
    const now = (await live()).find((v) => v.requestId === taker);
    expect([now?.slotId, now?.hosts.map((h) => h.id).sort()]).toEqual([gone.slotId, [...hostIds].sort()]);
  });
});
