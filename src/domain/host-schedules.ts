/**
 * Each host's day: their visits in time order, and before each the way there — from where (their start zone, or the
 * company before), how many minutes planning counts for the trip (the same travel times the engine and the rule
 * check use), the buffer the event's rules add, and how much time is left over (negative: it does not fit).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { planningTravel, resolveRules } from '../matching/index.ts';
import type { BoardHost } from './visit-board.ts';
import { type LiveVisit, loadMatchingInput } from './visit-data.ts';

export interface TravelLeg {
  /** Where the host comes from: the previous company's name, or their start zone's name. */
  from: string;
  /** The zone the trip starts in, when known. */
  fromZone: string | null;
  /** The zone of the visit the trip goes to, when known. */
  toZone: string | null;
  minutes: number;
  bufferMinutes: number;
  /** Time between the previous visit's end and this one's start, less travel and buffer; null for the day's first trip. */
  spareMinutes: number | null;
}

export interface ScheduleEntry {
  visit: LiveVisit;
  /** The trip to this visit; null for the first visit of a host without a start zone. */
  travel: TravelLeg | null;
}

export interface HostSchedule {
  host: BoardHost;
  entries: ScheduleEntry[];
}

/** The day schedules of the given hosts with the given visits (the caller picks confirmed only or proposed too). */
export async function hostSchedules(
  db: Kysely<Database>,
  eventId: string,
  hosts: readonly BoardHost[],
  visits: readonly LiveVisit[],
): Promise<HostSchedule[]> {
  const event = await db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
  const { input } = await loadMatchingInput(db, event);
  const travel = planningTravel(input);
  const zoneName = new Map(
    (await db.selectFrom('zones').select(['id', 'name']).where('event_id', '=', eventId).execute()).map((z) => [z.id, z.name]),
  );
  const requestZone = new Map(input.requests.map((r) => [r.id, r.zoneId]));
  const startZone = new Map(input.hosts.map((h) => [h.id, h.startZoneId]));
  const buffer = resolveRules(input).transferBufferMinutes;
  const named = (zone: string | null | undefined) => (zone ? (zoneName.get(zone) ?? null) : null);

  return hosts.map((host) => {
    const own = visits.filter((v) => v.hosts.some((h) => h.id === host.id)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const entries = own.map((visit, index): ScheduleEntry => {
      const to = requestZone.get(visit.requestId) ?? null;
      const previous = own[index - 1];
      if (previous) {
        const from = requestZone.get(previous.requestId) ?? null;
        const minutes = travel(from, to);
        const gap = (Date.parse(visit.startsAt) - Date.parse(previous.endsAt)) / 60_000;
        return {
          visit,
          travel: {
            from: previous.company.name,
            fromZone: named(from),
            toZone: named(to),
            minutes,
            bufferMinutes: buffer,
            spareMinutes: gap - minutes - buffer,
          },
        };
      }
      const start = startZone.get(host.id) ?? null;
      if (!start) return { visit, travel: null };
      return {
        visit,
        travel: {
          from: named(start) ?? '',
          fromZone: named(start),
          toZone: named(to),
          minutes: travel(start, to),
          bufferMinutes: buffer,
          spareMinutes: null,
        },
      };
    });
    return { host, entries };
  });
}
