/**
 * What the planning board shows: hosts × slots with the visits in them, where each host is available, and
 * the requests without a visit, each with the reason it could not be placed. The reasons come from the
 * engine run with every current visit held fixed: a request it still cannot place is blocked by the rule it
 * names; one it can place is placeable now.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Planner } from '../deps.ts';
import { checkPlan, type MatchingInput, type MessageParams, type PlannedVisit } from '../matching/index.ts';
import { hostRole, type LiveVisit, loadMatchingInput } from './visit-data.ts';
import type { QueueReason, RuleBreach } from './visit-override-text.ts';

export interface BoardHost {
  id: string;
  name: string;
  kind: 'politician' | 'official';
  role: string;
  group: string;
  availableSlotIds: Set<string>;
}

export interface BoardRequest {
  id: string;
  /** Place in the queue for visits: by priority, then by when the company first asked (1 = next). */
  position: number;
  priority: number;
  /** When the company first asked for a visit. */
  askedAt: string;
  company: string;
  address: string;
  topics: string[];
  slotIds: string[];
  participants: number;
  /** Politicians the company would like to meet (a wish planning gives when it can); null: no wish. */
  politicians: number | null;
  /** Why it has no visit (said in words by `unplacedText`); `unchecked` when the board was loaded without reasons. */
  reason: QueueReason;
  reasonParams: MessageParams;
  suggestion: PlannedVisit | null;
}

/** A live visit that no longer keeps the rules (a host removed or no longer available, …) and was not kept on purpose. */
export interface BoardAttention {
  visitId: string;
  problems: RuleBreach[];
}

export interface Board {
  slots: { id: string; startsAt: string; endsAt: string }[];
  hosts: BoardHost[];
  visits: LiveVisit[];
  /** The queue for visits: requests without a visit, in the order they are served. */
  unplaced: BoardRequest[];
  /** Visits that need an organiser: replace a host or cancel. */
  attention: BoardAttention[];
  requestCount: number;
}

export async function loadBoard(
  db: Kysely<Database>,
  planner: Planner,
  slug: string,
  options: { reasons?: boolean } = {},
): Promise<Board | undefined> {
  const event = await db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!event) return undefined;
  const { input, liveVisits } = await loadMatchingInput(db, event);
  const [hosts, requests] = await Promise.all([
    db.selectFrom('hosts').selectAll().where('event_id', '=', event.id).orderBy('kind', 'desc').orderBy('name').execute(),
    db
      .selectFrom('visit_requests as q')
      .innerJoin('registrations as r', 'r.id', 'q.registration_id')
      .select(['q.id', 'q.street', 'q.postal_code', 'q.city', 'q.participants', 'q.priority', 'q.created_at', 'r.company_name as company'])
      .where('q.event_id', '=', event.id)
      .where('q.status', '=', 'active')
      .where('r.status', '=', 'active')
      .execute(),
  ]);
  const topics = await db.selectFrom('topics').select(['id', 'name_sv']).where('event_id', '=', event.id).execute();
  const topicName = new Map(topics.map((t) => [t.id, t.name_sv]));
  const placed = new Set(liveVisits.map((v) => v.requestId));
  const waiting = input.requests.filter((r) => !placed.has(r.id));

  // Hold everything that exists; ask only about the rest. A short search, capped by iterations so the same data
  // always gives the same reasons, and by time as a safety net on very large events: this runs on every page view.
  const verdict =
    waiting.length && options.reasons !== false
      ? await planner({ ...input, locked: input.previous, timeBudgetMs: 2_000, iterations: 2_000 })
      : undefined;
  const unplacedReason = new Map(verdict?.unplaced.map((u) => [u.requestId, u]) ?? []);
  const suggestion = new Map(verdict?.visits.map((v) => [v.requestId, v]) ?? []);
  const byId = new Map(requests.map((r) => [r.id, r]));

  return {
    slots: input.slots.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt })),
    hosts: hosts.map((h) => ({
      id: h.id,
      name: h.name,
      kind: h.kind,
      role: hostRole(h),
      group: (h.kind === 'politician' ? h.party : h.department) ?? '',
      availableSlotIds: new Set(input.hosts.find((x) => x.id === h.id)?.availableSlotIds ?? []),
    })),
    visits: liveVisits,
    attention: needsAttention(input, liveVisits),
    requestCount: input.requests.length,
    unplaced: queueOrder(waiting, byId).map((r, index) => {
      const row = byId.get(r.id);
      return {
        id: r.id,
        position: index + 1,
        priority: r.priority,
        askedAt: row?.created_at ?? '',
        company: row?.company ?? '',
        address: row ? `${row.street}, ${row.postal_code} ${row.city}` : '',
        topics: r.topicIds.map((id) => topicName.get(id) ?? '').filter(Boolean),
        slotIds: [...r.slotIds],
        participants: r.participants,
        politicians: r.wantsPoliticianCount ?? null,
        reason: unplacedReason.get(r.id)?.reason ?? (suggestion.has(r.id) ? 'placeable' : 'unchecked'),
        reasonParams: unplacedReason.get(r.id)?.params ?? {},
        suggestion: suggestion.get(r.id) ?? null,
      };
    }),
  };
}

/** The queue for visits: higher priority first, then whoever asked first. */
function queueOrder<R extends { id: string; priority: number }>(waiting: readonly R[], rows: Map<string, { created_at: string }>): R[] {
  return [...waiting].sort(
    (a, b) =>
      b.priority - a.priority ||
      (rows.get(a.id)?.created_at ?? '').localeCompare(rows.get(b.id)?.created_at ?? '') ||
      a.id.localeCompare(b.id),
  );
}

/**
 * Live visits that break a rule now although nobody chose to keep them so: a host was removed from the event or
 * took back their availability, the slot changed, the request's slots changed. A breach an organiser kept on
 * purpose (the visit's override) does not count; a new one on the same visit does.
 */
function needsAttention(input: MatchingInput, liveVisits: readonly LiveVisit[]): BoardAttention[] {
  const plan = liveVisits.map((v) => ({ requestId: v.requestId, slotId: v.slotId, hostIds: v.hosts.map((h) => h.id) }));
  const violations = checkPlan({ ...input, locked: [] }, plan);
  const out: BoardAttention[] = [];
  for (const visit of liveVisits) {
    const kept = new Set((visit.override?.rules ?? []).map((r) => `${r.code}|${r.hostId ?? ''}`));
    const problems = violations
      .filter((v) => v.requestId === visit.requestId && !kept.has(`${v.code}|${v.hostId ?? ''}`))
      .map(({ code, hostId, requestId, slotId, params }) => ({ code, hostId, requestId, slotId, params }));
    if (problems.length) out.push({ visitId: visit.id, problems });
  }
  return out;
}
