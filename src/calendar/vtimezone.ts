/**
 * VTIMEZONE components (RFC 5545 §3.6.5) computed from the runtime's tz database via Intl, for the years the
 * events need. Packages with ready-made VTIMEZONE files read them from disk, which Workers cannot do.
 */
import { offsetMinutes } from './zone.ts';

interface Transition {
  /** The instant (epoch ms) the new offset starts. */
  at: number;
  /** Offsets in minutes before and after. */
  from: number;
  to: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

function findTransitions(timeZone: string, start: number, end: number): Transition[] {
  const found: Transition[] = [];
  let previous = start;
  let previousOffset = offsetMinutes(start, timeZone);
  // Zones change offset at most a few times a year and never twice within a day, so a daily scan
  // and a binary search to the minute finds every change.
  for (let t = start + DAY; t <= end; t += DAY) {
    const offset = offsetMinutes(t, timeZone);
    if (offset !== previousOffset) {
      let low = previous / MINUTE;
      let high = t / MINUTE;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (offsetMinutes(middle * MINUTE, timeZone) === previousOffset) low = middle;
        else high = middle;
      }
      found.push({ at: high * MINUTE, from: previousOffset, to: offset });
      previousOffset = offset;
    }
    previous = t;
  }
  return found;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `YYYYMMDDTHHMMSS` of a wall-clock time carried in a Date's UTC fields. */
function localStamp(wall: Date): string {
  return (
    `${pad(wall.getUTCFullYear(), 4)}${pad(wall.getUTCMonth() + 1)}${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}${pad(wall.getUTCMinutes())}${pad(wall.getUTCSeconds())}`
  );
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}${pad(absolute % 60)}`;
}

interface Observance {
  kind: 'STANDARD' | 'DAYLIGHT';
  /** Local start, in the offset in force before it (RFC 5545). */
  start: string;
  from: number;
  to: number;
  rrule?: string;
}

function observanceLines(observance: Observance): string[] {
  return [
    `BEGIN:${observance.kind}`,
    `DTSTART:${observance.start}`,
    `TZOFFSETFROM:${formatOffset(observance.from)}`,
    `TZOFFSETTO:${formatOffset(observance.to)}`,
    ...(observance.rrule ? [`RRULE:${observance.rrule}`] : []),
    `END:${observance.kind}`,
  ];
}

const weekdays = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/**
 * Describes yearly-recurring transitions (e.g. "last Sunday of March at 02:00") as an RRULE, which is the
 * form Outlook understands best; returns undefined when the transitions do not follow one such rule.
 */
function yearlyRule(list: Transition[]): string | undefined {
  if (list.length < 2) return undefined;
  const shapes = list.map((transition) => {
    const wall = new Date(transition.at + transition.from * MINUTE);
    const daysInMonth = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 0)).getUTCDate();
    const day = wall.getUTCDate();
    return {
      year: wall.getUTCFullYear(),
      key: `${wall.getUTCMonth()}|${wall.getUTCDay()}|${localStamp(wall).slice(9)}|${transition.from}|${transition.to}`,
      month: wall.getUTCMonth() + 1,
      weekday: weekdays[wall.getUTCDay()],
      fromStart: Math.ceil(day / 7),
      isLast: day + 7 > daysInMonth,
    };
  });
  const [first] = shapes;
  if (!first) return undefined;
  const consecutive = shapes.every((shape, index) => shape.year === first.year + index);
  if (!consecutive || !shapes.every((shape) => shape.key === first.key)) return undefined;
  if (shapes.every((shape) => shape.isLast)) return `FREQ=YEARLY;BYMONTH=${first.month};BYDAY=-1${first.weekday}`;
  if (shapes.every((shape) => shape.fromStart === first.fromStart))
    return `FREQ=YEARLY;BYMONTH=${first.month};BYDAY=${first.fromStart}${first.weekday}`;
  return undefined;
}

/**
 * The VTIMEZONE for `timeZone` valid from the year before `fromYear` to the year after `toYear`, as
 * unfolded CRLF-separated lines. Regular daylight-saving rules become RRULEs; anything else is listed
 * transition by transition.
 */
export function buildVTimezone(timeZone: string, fromYear: number, toYear: number): string {
  // A pure function of its arguments (and the runtime's tz database), and the scan behind it costs a few
  // milliseconds: every invite of an event asks for the same one, so each is computed once per process.
  const key = `${timeZone}|${fromYear}|${toYear}`;
  let built = builtZones.get(key);
  if (built === undefined) {
    built = computeVTimezone(timeZone, fromYear, toYear);
    if (builtZones.size >= 256) builtZones.clear();
    builtZones.set(key, built);
  }
  return built;
}

const builtZones = new Map<string, string>();

function computeVTimezone(timeZone: string, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear - 1, 0, 1);
  const end = Date.UTC(toYear + 2, 0, 1);
  const transitions = findTransitions(timeZone, start, end);
  const offsets = [offsetMinutes(start, timeZone), ...transitions.map((transition) => transition.to)];
  const standardOffset = Math.min(...offsets);
  const kindOf = (offset: number): Observance['kind'] => (offset > standardOffset ? 'DAYLIGHT' : 'STANDARD');
  const observance = (transition: Transition): Observance => ({
    kind: kindOf(transition.to),
    start: localStamp(new Date(transition.at + transition.from * MINUTE)),
    from: transition.from,
    to: transition.to,
  });

  let observances: Observance[];
  if (transitions.length === 0) {
    const offset = offsets[0] ?? 0;
    observances = [{ kind: 'STANDARD', start: '19700101T000000', from: offset, to: offset }];
  } else {
    const daylight = transitions.filter((transition) => kindOf(transition.to) === 'DAYLIGHT');
    const standard = transitions.filter((transition) => kindOf(transition.to) === 'STANDARD');
    const daylightRule = yearlyRule(daylight);
    const standardRule = yearlyRule(standard);
    if (daylightRule && standardRule && daylight[0] && standard[0]) {
      observances = [
        { ...observance(daylight[0]), rrule: daylightRule },
        { ...observance(standard[0]), rrule: standardRule },
      ];
    } else {
      const initial = offsets[0] ?? 0;
      observances = [
        { kind: kindOf(initial), start: localStamp(new Date(start + initial * MINUTE)), from: initial, to: initial },
        ...transitions.map(observance),
      ];
    }
  }
  return ['BEGIN:VTIMEZONE', `TZID:${timeZone}`, ...observances.flatMap(observanceLines), 'END:VTIMEZONE'].join('\r\n');
}
