/**
 * A proposal under review: the engine's answer kept between requests (the table plan_drafts), and what it would
 * change on the board, request by request, each against the saved visit it was computed from. Accepting a change
 * is allowed only while that saved visit is still exactly as read (same row, same updated_at, or still none), so a
 * proposal made before another organiser's change, or before the organiser's own, never overwrites it silently.
 * See docs/decisions/0014-plan-drafts.md.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Plan, type PlannedVisit, sameHosts } from '../matching/index.ts';
import type { LiveVisit } from './visit-data.ts';

/**
 * What a change does to a request's visit: a visit where there was none, the same company at another time, the
 * same time with another delegation, nothing, or the saved visit goes (the proposal leaves the request unplaced).
 */
export type DraftChangeKind = 'new' | 'moved' | 'restaffed' | 'unchanged' | 'removed';

/** The saved visit a change starts from, as it was read when the proposal was made. */
export interface DraftBase {
  visitId: string;
  slotId: string;
  hostIds: readonly string[];
  updatedAt: string;
}

export interface DraftChange {
  requestId: string;
  kind: DraftChangeKind;
  before: DraftBase | null;
  after: PlannedVisit | null;
}

/**
 * Where a change stands now: still to decide; saved (the board holds what it proposes); or stale (the saved
 * visit it starts from changed since, so accepting it would overwrite someone's newer work).
 */
export type DraftChangeState = 'pending' | 'saved' | 'stale';

export interface PlanDraft {
  id: string;
  eventId: string;
  createdBy: string;
  createdAt: string;
  plan: Plan;
  changes: DraftChange[];
}

/** How many proposals an event keeps; older ones are dropped when a new one is made. */
const KEPT_PER_EVENT = 5;

const planned = (v: LiveVisit): PlannedVisit => ({ requestId: v.requestId, slotId: v.slotId, hostIds: v.hosts.map((h) => h.id) });

/** Each request the proposal touches, compared with the saved visits it was computed from. */
export function draftChanges(plan: Plan, liveVisits: readonly LiveVisit[]): DraftChange[] {
  const saved = new Map(liveVisits.map((v) => [v.requestId, v]));
  const base = (v: LiveVisit): DraftBase => ({ visitId: v.id, slotId: v.slotId, hostIds: planned(v).hostIds, updatedAt: v.updatedAt });
  const changes: DraftChange[] = plan.visits.map((after) => {
    const current = saved.get(after.requestId);
    if (!current) return { requestId: after.requestId, kind: 'new', before: null, after };
    const kind =
      current.slotId !== after.slotId
        ? 'moved'
        : sameHosts(
              current.hosts.map((h) => h.id),
              after.hostIds,
            )
          ? 'unchanged'
          : 'restaffed';
    return { requestId: after.requestId, kind, before: base(current), after };
  });
  const proposed = new Set(plan.visits.map((v) => v.requestId));
  for (const visit of liveVisits) {
    if (!proposed.has(visit.requestId)) changes.push({ requestId: visit.requestId, kind: 'removed', before: base(visit), after: null });
  }
  return changes;
}

/** Where a change stands against the saved visits now (see DraftChangeState). */
export function changeState(change: DraftChange, liveVisits: readonly LiveVisit[]): DraftChangeState {
  const current = liveVisits.find((v) => v.requestId === change.requestId);
  const { before, after } = change;
  if (before ? current?.id === before.visitId && current.updatedAt === before.updatedAt : !current) {
    if (change.kind === 'unchanged') return 'saved';
    // A proposal only ever replaces proposals; the engine holds confirmed and locked visits, so such a base is no
    // longer the one the change was made for.
    return current && (current.status === 'confirmed' || current.locked) ? 'stale' : 'pending';
  }
  const holdsProposal = after
    ? current !== undefined &&
      current.slotId === after.slotId &&
      sameHosts(
        current.hosts.map((h) => h.id),
        after.hostIds,
      )
    : !current;
  return holdsProposal ? 'saved' : 'stale';
}

export async function storeDraft(db: Kysely<Database>, draft: PlanDraft): Promise<void> {
  const older = await db
    .selectFrom('plan_drafts')
    .select('id')
    .where('event_id', '=', draft.eventId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(KEPT_PER_EVENT - 1)
    .limit(1_000)
    .execute();
  if (older.length)
    await db
      .deleteFrom('plan_drafts')
      .where(
        'id',
        'in',
        older.map((r) => r.id),
      )
      .execute();
  await db
    .insertInto('plan_drafts')
    .values({
      id: draft.id,
      event_id: draft.eventId,
      created_by: draft.createdBy,
      plan_json: JSON.stringify(draft.plan),
      changes_json: JSON.stringify(draft.changes),
      created_at: draft.createdAt,
    })
    .execute();
}

export async function loadDraft(db: Kysely<Database>, eventId: string, draftId: string): Promise<PlanDraft | undefined> {
  const row = await db.selectFrom('plan_drafts').selectAll().where('id', '=', draftId).where('event_id', '=', eventId).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    eventId: row.event_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    plan: JSON.parse(row.plan_json) as Plan,
    changes: JSON.parse(row.changes_json) as DraftChange[],
  };
}
