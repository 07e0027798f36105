/**
 * Dates and times as people read them: in the event's time zone, Swedish or English conventions. Never the
 * server's zone.
 */
import type { Lang } from '../i18n/index.ts';

const locales: Record<Lang, string> = { sv: 'sv-SE', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[lang], { timeZone, ...options });
    cache.set(key, format);
  }
  return format;
}

/** "torsdag 21 januari 2027" / "Thursday 21 January 2027" */
export const formatDate = (instant: string, timeZone: string, lang: Lang) =>
  formatter(lang, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(instant));

/** "08:45" */
export const formatTime = (instant: string, timeZone: string, lang: Lang) =>
  formatter(lang, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));

/** "21 januari 2027 kl. 23:59" / "21 January 2027, 23:59" */
export function formatDateTime(instant: string, timeZone: string, lang: Lang): string {
  const date = formatter(lang, timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(instant));
  const time = formatTime(instant, timeZone, lang);
  return lang === 'sv' ? `${date} kl. ${time}` : `${date}, ${time}`;
}

/** "08:45–10:00" with an en dash, for machine-readable pairs use <time> around each part. */
export const formatTimeRange = (start: string, end: string, timeZone: string, lang: Lang) =>
  `${formatTime(start, timeZone, lang)}–${formatTime(end, timeZone, lang)}`;
