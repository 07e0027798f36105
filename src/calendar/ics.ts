/**
 * iCalendar (RFC 5545) objects for iTIP/iMIP invites and subscribable feeds, as DESIGN.md prescribes:
 * METHOD, one stable UID, SEQUENCE, DTSTAMP in UTC, bare mailto: organiser, RSVP attendees, local times with
 * TZID and a real VTIMEZONE, STATUS:CANCELLED on CANCEL, X-WR-CALNAME on PUBLISH, folded CRLF lines.
 */
import { TZDate } from '@date-fns/tz';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { buildVTimezone } from './vtimezone.ts';
import { isKnownTimeZone, offsetMinutes } from './zone.ts';

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface CalendarPerson {
  name: string;
  email: string;
}

/** One calendar event (VEVENT). */
export interface CalendarEventSpec {
  /** Stable for the calendar event's whole life: updates and cancellations reuse it. */
  uid: string;
  /** Incremented by the caller on every change, so clients replace the old version. */
  sequence: number;
  summary: string;
  description: string;
  location: string;
  /** UTC ISO instants. */
  startsAt: string;
  endsAt: string;
  /** IANA zone the times are shown in, e.g. Europe/Stockholm. */
  timeZone: string;
  organizer: CalendarPerson;
  /** Empty for PUBLISH feeds (they carry no attendees). */
  attendees: CalendarPerson[];
  url?: string;
}

export interface BuildCalendarInput {
  method: CalendarMethod;
  events: CalendarEventSpec[];
  /** DTSTAMP: when this version of the object was created. */
  stamp: Date;
  /** The feed's display name (X-WR-CALNAME); used for PUBLISH. */
  name?: string;
}

const PRODUCT_ID = '//Motesdagen//Motesdagen//SV';
// Deliberately strict: an address ends up unescaped in a mailto: URI, so anything that could break the
// content line is refused rather than mangled.
const EMAIL = /^[^\s@"<>;,:\\()[\]]+@[^\s@"<>;,:\\()[\]]+$/;

/** Removes control characters RFC 5545 TEXT cannot hold (everything below U+0020 except tab and line breaks, and DEL). */
function cleanText(value: string): string {
  let result = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) continue;
    result += char;
  }
  return result;
}

/** TEXT escaping (RFC 5545 §3.3.11) for the few properties ical-generator writes unescaped (NAME, X-WR-CALNAME). */
function escapeText(value: string): string {
  return cleanText(value)
    .replace(/[\\;,]/g, (match) => `\\${match}`)
    .replace(/\r\n|\r|\n/g, '\\n');
}

function checkPerson(person: CalendarPerson, role: string): CalendarPerson {
  if (!EMAIL.test(person.email)) throw new RangeError(`${role} has an invalid email address`);
  return { name: cleanText(person.name).trim() || person.email, email: person.email };
}

/**
 * Whether the wall-clock time of `at` in `timeZone` occurs twice (the repeated hour when clocks go back).
 * RFC 5545 §3.3.5 says such a local time means the first occurrence, but clients differ (ical.js takes the
 * second), so these instants are written in UTC instead.
 */
function isAmbiguousWallClock(at: number, timeZone: string): boolean {
  const offset = offsetMinutes(at, timeZone);
  for (const probe of [at - 86_400_000, at + 86_400_000]) {
    const other = offsetMinutes(probe, timeZone);
    if (other !== offset && offsetMinutes(at + (offset - other) * 60_000, timeZone) === other) return true;
  }
  return false;
}

function instant(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${field} is not an ISO instant: ${value}`);
  return ms;
}

/**
 * Builds one VCALENDAR with the given METHOD and events, CRLF line endings and lines folded at 75 octets.
 * Throws a RangeError for an unknown time zone, an invalid instant or email address, or a negative sequence.
 */
export function buildCalendar(input: BuildCalendarInput): string {
  const { method } = input;
  const years: number[] = [];
  const events = input.events.map((spec) => {
    if (!isKnownTimeZone(spec.timeZone)) throw new RangeError(`Unknown time zone: ${spec.timeZone}`);
    if (!Number.isInteger(spec.sequence) || spec.sequence < 0) throw new RangeError('sequence must be a non-negative integer');
    if (!spec.uid.trim()) throw new RangeError('uid must not be empty');
    const start = instant(spec.startsAt, 'startsAt');
    const end = instant(spec.endsAt, 'endsAt');
    if (end <= start) throw new RangeError('endsAt must be after startsAt');
    years.push(new Date(start).getUTCFullYear(), new Date(end).getUTCFullYear());
    return { spec, start, end };
  });

  const name = input.name ?? (method === 'PUBLISH' ? 'Mötesdagen' : undefined);
  const calendar = ical({
    prodId: PRODUCT_ID,
    method: ICalCalendarMethod[method],
    ...(name !== undefined ? { name: escapeText(name) } : {}),
    // No calendar-wide zone: ical-generator would then write DTSTAMP in the server's local time.
    timezone: {
      name: null,
      generator: (timeZone) => buildVTimezone(timeZone, Math.min(...years), Math.max(...years)),
    },
  });

  for (const { spec, start, end } of events) {
    const local = !isAmbiguousWallClock(start, spec.timeZone) && !isAmbiguousWallClock(end, spec.timeZone);
    calendar.createEvent({
      id: cleanText(spec.uid),
      sequence: spec.sequence,
      stamp: input.stamp,
      // TZDate makes ical-generator print the wall clock of the event's zone, not of the server's; a plain
      // Date without a zone is printed in UTC.
      start: local ? new TZDate(start, spec.timeZone) : new Date(start),
      end: local ? new TZDate(end, spec.timeZone) : new Date(end),
      timezone: local ? spec.timeZone : null,
      summary: cleanText(spec.summary),
      description: cleanText(spec.description),
      location: cleanText(spec.location),
      ...(spec.url ? { url: cleanText(spec.url) } : {}),
      organizer: checkPerson(spec.organizer, 'organizer'),
      attendees:
        method === 'PUBLISH'
          ? []
          : spec.attendees.map((attendee) => ({
              ...checkPerson(attendee, 'attendee'),
              role: ICalAttendeeRole.REQ,
              status: ICalAttendeeStatus.NEEDSACTION,
              rsvp: true,
            })),
      status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // Every content line ends in CRLF, the last one included.
  return `${calendar.toString()}\r\n`;
}
