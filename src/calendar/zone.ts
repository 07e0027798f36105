/**
 * Time-zone arithmetic on the runtime's own tz database through Intl, so that nothing depends on the
 * server's TZ and nothing needs a bundled data file (Workers have Intl but no file system).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock fields of an instant in a zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock of `instant` in `timeZone`. Throws a RangeError for an unknown zone. */
export function wallClock(instant: Date | number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

// Offsets by zone and instant: an event's invites ask for the same few instants (its sessions' start and
// end) over and over, and Intl formatting is the dearest part of writing a calendar file.
const offsets = new Map<string, number>();

/** The zone's offset from UTC at `instant`, in minutes (Stockholm: 60 in winter, 120 in summer). */
export function offsetMinutes(instant: number, timeZone: string): number {
  const key = `${timeZone}|${instant}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // Intl drops milliseconds, so compare at whole seconds.
  const offset = Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
  if (offsets.size >= 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** Whether the runtime knows the IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
