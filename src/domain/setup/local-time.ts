/**
 * Organisers type dates and times as they read them, in the event's zone (Europe/Stockholm); the database
 * keeps UTC instants. These convert both ways without the server's own TZ (src/domain/time.ts underneath).
 */
import { addDays, localDate, localToUtc } from '../time.ts';

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local wall-clock time `HH:MM` of an instant in `timeZone`. */
export function localTime(instant: string | Date, timeZone: string): string {
  let format = timeFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute}`;
}

/** The UTC ISO instant of a local date and time. */
export const toInstant = (date: string, time: string, timeZone: string): string => localToUtc(date, time, timeZone).toISOString();

/** The local date of an instant. */
export const dateOf = (instant: string, timeZone: string): string => localDate(new Date(instant), timeZone);

/** A local interval on one day: start and end instants (an end at or before the start is the caller's to refuse). */
export function localInterval(date: string, startTime: string, endTime: string, timeZone: string) {
  return { startsAt: toInstant(date, startTime, timeZone), endsAt: toInstant(date, endTime, timeZone) };
}

/** The same wall-clock time `days` local days later (a copied event keeps 09:00 at 09:00 across DST). */
export function shiftLocalDays(instant: string, days: number, timeZone: string): string {
  return toInstant(addDays(dateOf(instant, timeZone), days), localTime(instant, timeZone), timeZone);
}

/** Whole days from local date `a` to local date `b`. */
export function daysBetween(a: string, b: string): number {
  const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(b) - utc(a)) / 86_400_000);
}

/** Registration closes at the end of its last local day: stored as midnight after it. */
export const closingInstant = (lastDay: string, timeZone: string) => toInstant(addDays(lastDay, 1), '00:00', timeZone);
export const lastDayOf = (closesAt: string, timeZone: string) => dateOf(new Date(Date.parse(closesAt) - 1).toISOString(), timeZone);
