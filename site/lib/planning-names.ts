/**
 * The names planning messages need, looked up on the board: hosts by id, companies by request id, and slots as
 * times in the event's zone (with the day when the event has more than one).
 */
import type { Board } from '../../src/domain/visit-board.ts';
import type { PlanningLang, PlanningNames } from '../../src/domain/visit-override-text.ts';
import { formatDate, formatTimeRange } from './format.ts';

export function boardNames(board: Board, timeZone: string, lang: PlanningLang = 'sv'): PlanningNames {
  const hosts = new Map(board.hosts.map((h) => [h.id, h.name]));
  const companies = new Map<string, string>([
    ...board.unplaced.map((r): [string, string] => [r.id, r.company]),
    ...board.visits.map((v): [string, string] => [v.requestId, v.company.name]),
  ]);
  const days = new Set(board.slots.map((s) => formatDate(s.startsAt, timeZone, lang)));
  const slots = new Map(
    board.slots.map((s) => {
      const time = formatTimeRange(s.startsAt, s.endsAt, timeZone, lang);
      return [s.id, days.size > 1 ? `${formatDate(s.startsAt, timeZone, lang)} ${time}` : time];
    }),
  );
  return { host: (id) => hosts.get(id), company: (id) => companies.get(id), slot: (id) => slots.get(id) };
}
