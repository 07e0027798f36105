/**
 * What the planning board shows: hosts × slots with the visits in them, where each host is available, and
 * the requests without a visit, each with the reason it could not be placed. The reasons come from the
 * engine run with every current visit held fixed: a request it still cannot place is blocked by the rule it
 * names; one it can place is placeable now.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Planner } from '../deps.ts';
import type { PlannedVisit, UnplacedReason } from '../matching/index.ts';
import { hostRole, type LiveVisit, loadMatchingInput } from './visit-data.ts';

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
  company: string;
  address: string;
  topics: string[];
  slotIds: string[];
  participants: number;
  reason: UnplacedReason | 'placeable';
  suggestion: PlannedVisit | null;
}

export interface Board {
  slots: { id: string; startsAt: string; endsAt: string }[];
  hosts: BoardHost[];
  visits: LiveVisit[];
  unplaced: BoardRequest[];
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
      .innerJoin('companies as c', 'c.id', 'r.company_id')
      .select(['q.id', 'q.street', 'q.postal_code', 'q.city', 'q.participants', 'c.name as company'])
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
  const unplacedReason = new Map(verdict?.unplaced.map((u) => [u.requestId, u.reason]) ?? []);
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
    requestCount: input.requests.length,
    unplaced: waiting.map((r) => {
      const row = byId.get(r.id);
      return {
        id: r.id,
        company: row?.company ?? '',
        address: row ? `${row.street}, ${row.postal_code} ${row.city}` : '',
        topics: r.topicIds.map((id) => topicName.get(id) ?? '').filter(Boolean),
        slotIds: [...r.slotIds],
        participants: r.participants,
        reason: unplacedReason.get(r.id) ?? (suggestion.has(r.id) ? 'placeable' : 'capacity'),
        suggestion: suggestion.get(r.id) ?? null,
      };
    }),
  };
}

/** Swedish words for why a request has no visit. */
export const reasonText: Record<BoardRequest['reason'], string> = {
  placeable: 'Kan placeras nu – planera automatiskt eller placera för hand.',
  no_acceptable_slot: 'Ingen av tiderna företaget valt finns.',
  composition: 'Ingen delegation enligt reglerna går att sätta ihop på de önskade tiderna.',
  department_party: 'Den förvaltning eller det parti företaget önskar är inte ledigt.',
  availability: 'Inga värdar är tillgängliga på de önskade tiderna.',
  capacity: 'De tillgängliga värdarna är redan bokade på de önskade tiderna.',
  travel: 'Restiden från värdarnas övriga besök räcker inte.',
  max_visits: 'De lediga värdarna har redan så många besök som de kan ta den dagen.',
};
