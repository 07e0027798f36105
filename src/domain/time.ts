/**
 * Wall-clock time in an event's IANA time zone, independent of the server's own TZ. Built on Intl, which
 * Node and Workers both ship with full time-zone data (through src/calendar/zone.ts).
 */
import { wallClock as zoneParts } from '../calendar/zone.ts';

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (Stockholm: +1 h in winter, +2 h in summer). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = zoneParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The UTC instant of a local date and time in `timeZone`. `date` is `YYYY-MM-DD`, `time` is `HH:MM`.
 * A time skipped by a daylight-saving jump resolves to the instant one offset later, as calendars do.
 */
export function localToUtc(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  // Two rounds settle the offset even across a daylight-saving change.
  let guess = naive - zoneOffsetMs(new Date(naive), timeZone);
  guess = naive - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const p = zoneParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Day of the week of a `YYYY-MM-DD` date: 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** "14:05" (or "12 mars 14:05" with the date) in `timeZone`, as organisers' pages and the audit log write times. */
export function formatClock(instant: string, timeZone: string, withDate = false): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    ...(withDate ? { day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
}
