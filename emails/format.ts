/**
 * Dates and times in the event's zone, never the server's: "torsdag 21 januari 2027", "08:45".
 */
import type { EmailLanguage } from './types.ts';

const locales: Record<EmailLanguage, string> = { sv: 'sv-SE', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: EmailLanguage, timeZone: string, kind: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${kind}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locales[lang],
      kind === 'date'
        ? { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
        : { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    );
    cache.set(key, format);
  }
  return format;
}

/** One language and zone's date and time formatting. */
export interface Formatter {
  date(instant: string): string;
  time(instant: string): string;
  /** "torsdag 21 januari 2027, 08:45–10:00", or both ends in full when they fall on different days. */
  range(startsAt: string, endsAt: string): string;
  /** "08:45–10:00". */
  timeRange(startsAt: string, endsAt: string): string;
}

export function createFormatter(lang: EmailLanguage, timeZone: string): Formatter {
  const date = (instant: string) => formatter(lang, timeZone, 'date').format(new Date(instant));
  const time = (instant: string) => formatter(lang, timeZone, 'time').format(new Date(instant));
  return {
    date,
    time,
    timeRange: (startsAt, endsAt) => `${time(startsAt)}–${time(endsAt)}`,
    range: (startsAt, endsAt) =>
      date(startsAt) === date(endsAt)
        ? `${date(startsAt)}, ${time(startsAt)}–${time(endsAt)}`
        : `${date(startsAt)} ${time(startsAt)} – ${date(endsAt)} ${time(endsAt)}`,
  };
}
