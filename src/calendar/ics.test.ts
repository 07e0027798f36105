import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, type CalendarEventSpec } from './ics.ts';

const organizer = { name: 'Näringslivskontoret, Nyköpings kommun', email: 'naringsliv@nykoping.se' };

function spec(overrides: Partial<CalendarEventSpec> = {}): CalendarEventSpec {
  return {
    uid: 'visit-7f3c2a@motesdagen.se',
    sequence: 0,
    summary: 'Företagsbesök hos Åkessons Plåt AB',
    description: 'Samtal om bygglov och kompetensförsörjning.',
    location: 'Industrigatan 4, 611 38 Nyköping',
    startsAt: '2027-01-21T07:45:00.000Z',
    endsAt: '2027-01-21T09:00:00.000Z',
    timeZone: 'Europe/Stockholm',
    organizer,
    attendees: [
      { name: 'Åsa Öberg', email: 'asa.oberg@akessonsplat.se' },
      { name: 'Per Ström (S)', email: 'per.strom@nykoping.se' },
    ],
    ...overrides,
  };
}

const stamp = new Date('2026-12-01T10:15:30.000Z');

/** Parses with ical.js, registering the calendar's own VTIMEZONEs so local times convert through them. */
function parse(ics: string) {
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
  const events = root.getAllSubcomponents('vevent');
  return { root, events, event: events[0]! };
}

function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('buildCalendar', () => {
  it('writes a REQUEST the way iTIP clients expect', () => {
    const ics = buildCalendar({ method: 'REQUEST', events: [spec({ sequence: 3 })], stamp });
    const { root, events, event } = parse(ics);
    expect(root.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(events).toHaveLength(1);
    expect(event.getFirstPropertyValue('uid')).toBe('visit-7f3c2a@motesdagen.se');
    expect(event.getFirstPropertyValue('sequence')).toBe(3);
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');

    const lines = unfold(ics);
    expect(lines).toContain('DTSTAMP:20261201T101530Z');
    expect(lines).toContain('ORGANIZER;CN="Näringslivskontoret, Nyköpings kommun":mailto:naringsliv@nykoping.se');
    expect(event.getFirstPropertyValue('organizer')).toBe('mailto:naringsliv@nykoping.se');

    const attendees = event.getAllProperties('attendee');
    expect(attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([
      'mailto:asa.oberg@akessonsplat.se',
      'mailto:per.strom@nykoping.se',
    ]);
    expect(attendees.map((a) => a.getParameter('cn'))).toEqual(['Åsa Öberg', 'Per Ström (S)']);
    for (const attendee of attendees) {
      expect(attendee.getParameter('role')).toBe('REQ-PARTICIPANT');
      expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
      expect(attendee.getParameter('rsvp')).toBe('TRUE');
    }
  });

  it('writes local Stockholm times with TZID and a VTIMEZONE that converts back to the same instants', () => {
    const ics = buildCalendar({ method: 'REQUEST', events: [spec()], stamp });
    const { root, event } = parse(ics);
    // 07:45Z in January is 08:45 in Stockholm (CET, +01:00), whatever TZ this process runs under.
    expect(unfold(ics)).toContain('DTSTART;TZID=Europe/Stockholm:20270121T084500');
    expect(unfold(ics)).toContain('DTEND;TZID=Europe/Stockholm:20270121T100000');
    const vtimezones = root.getAllSubcomponents('vtimezone');
    expect(vtimezones.map((tz) => tz.getFirstPropertyValue('tzid'))).toEqual(['Europe/Stockholm']);
    const start = new ICAL.Event(event).startDate;
    expect(start.zone?.tzid).toBe('Europe/Stockholm');
    expect(start.toUnixTime() * 1000).toBe(Date.parse('2027-01-21T07:45:00.000Z'));
    expect(new ICAL.Event(event).endDate.toUnixTime() * 1000).toBe(Date.parse('2027-01-21T09:00:00.000Z'));
  });

  it.each([
    // Summer time (+02:00) and both sides of the 2027 spring and autumn changes, worked out by hand.
    ['2027-06-10T07:00:00.000Z', '20270610T090000'],
    ['2027-03-28T00:30:00.000Z', '20270328T013000'],
    ['2027-03-28T01:30:00.000Z', '20270328T033000'],
    ['2027-10-30T23:59:00.000Z', '20271031T015900'],
    ['2027-10-31T02:00:00.000Z', '20271031T030000'],
    ['2027-12-31T23:30:00.000Z', '20280101T003000'],
  ])('shows %s as Stockholm wall-clock %s', (startsAt, local) => {
    const endsAt = new Date(Date.parse(startsAt) + 3 * 3_600_000).toISOString();
    const ics = buildCalendar({ method: 'REQUEST', events: [spec({ startsAt, endsAt })], stamp });
    expect(unfold(ics)).toContain(`DTSTART;TZID=Europe/Stockholm:${local}`);
    const { event } = parse(ics);
    expect(new ICAL.Event(event).startDate.toUnixTime() * 1000).toBe(Date.parse(startsAt));
  });

  it.each([
    ['2027-10-31T00:30:00.000Z', '20271031T003000Z'], // 02:30 CEST
    ['2027-10-31T01:30:00.000Z', '20271031T013000Z'], // 02:30 CET, the same wall clock an hour later
  ])('writes %s, in the repeated hour of the autumn change, in UTC: clients read such local times differently', (startsAt, utc) => {
    const ics = buildCalendar({ method: 'REQUEST', events: [spec({ startsAt, endsAt: '2027-10-31T05:00:00.000Z' })], stamp });
    expect(unfold(ics)).toContain(`DTSTART:${utc}`);
    expect(new ICAL.Event(parse(ics).event).startDate.toUnixTime() * 1000).toBe(Date.parse(startsAt));
  });

  /** Whether the local wall-clock time of `instant` also occurs an hour earlier or later (clocks went back). */
  const repeatsWallClock = (instant: number, timeZone: string) => {
    const wall = (t: number) => new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(t);
    return wall(instant) === wall(instant - 3_600_000) || wall(instant) === wall(instant + 3_600_000);
  };

  it.each(['Europe/Stockholm', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/Santiago', 'UTC'])(
    'has a VTIMEZONE for %s that ical.js converts back to the original instants',
    (timeZone) => {
      fc.assert(
        fc.property(
          fc.integer({ min: Date.parse('2026-01-01T00:00:00Z') / 60_000, max: Date.parse('2030-12-31T00:00:00Z') / 60_000 }),
          (minute) => {
            const startsAt = new Date(minute * 60_000).toISOString();
            const endsAt = new Date(minute * 60_000 + 5_400_000).toISOString();
            const { event } = parse(buildCalendar({ method: 'REQUEST', events: [spec({ startsAt, endsAt, timeZone })], stamp }));
            const parsed = new ICAL.Event(event);
            // An event whose start or end is a wall-clock time that occurs twice (the repeated hour when
            // clocks go back) is written in UTC on purpose (see the test above); every other in its zone.
            const repeated = repeatsWallClock(minute * 60_000, timeZone) || repeatsWallClock(minute * 60_000 + 5_400_000, timeZone);
            expect(parsed.startDate.zone?.tzid).toBe(repeated ? 'UTC' : timeZone);
            expect(parsed.startDate.toUnixTime() * 1000).toBe(Date.parse(startsAt));
            expect(parsed.endDate.toUnixTime() * 1000).toBe(Date.parse(endsAt));
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  it('writes a CANCEL with STATUS:CANCELLED, the same UID and a higher SEQUENCE', () => {
    const request = parse(buildCalendar({ method: 'REQUEST', events: [spec({ sequence: 1 })], stamp }));
    const ics = buildCalendar({ method: 'CANCEL', events: [spec({ sequence: 2 })], stamp });
    const cancel = parse(ics);
    expect(cancel.root.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel.event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancel.event.getFirstPropertyValue('uid')).toBe(request.event.getFirstPropertyValue('uid'));
    expect(cancel.event.getFirstPropertyValue('sequence')).toBeGreaterThan(Number(request.event.getFirstPropertyValue('sequence')));
    expect(cancel.event.getAllProperties('attendee')).toHaveLength(2);
  });

  it('writes a PUBLISH feed with X-WR-CALNAME and no attendees or RSVP', () => {
    const name = 'Per Ströms besök; Stora Mötesdagen, 2027\nrad två';
    const ics = buildCalendar({
      method: 'PUBLISH',
      name,
      stamp,
      events: [spec({ uid: 'a@m', attendees: [] }), spec({ uid: 'b@m', startsAt: '2027-01-21T10:00:00Z', endsAt: '2027-01-21T11:00:00Z' })],
    });
    const { root, events } = parse(ics);
    expect(root.getFirstPropertyValue('method')).toBe('PUBLISH');
    // ical.js leaves X- properties raw; TEXT unescaping (RFC 5545 §3.3.11) is what calendar apps apply.
    const unescapeText = (value: string) => value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
    expect(unescapeText(String(root.getFirstPropertyValue('x-wr-calname')))).toBe(name);
    expect(unfold(ics)).toContain('X-WR-CALNAME:Per Ströms besök\\; Stora Mötesdagen\\, 2027\\nrad två');
    expect(events.map((e) => e.getFirstPropertyValue('uid'))).toEqual(['a@m', 'b@m']);
    expect(ics).not.toMatch(/ATTENDEE|RSVP/);
    // One VTIMEZONE even with several events in the zone.
    expect(root.getAllSubcomponents('vtimezone')).toHaveLength(1);
  });

  it('keeps hostile text intact and escaped, folded at 75 octets with CRLF', () => {
    const hostile = [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder is part of the hostile text
      '<script>alert("x")</script> <b>fet</b> &amp; {{contact.name}} ${x}',
      'komma, semikolon; kolon: backslash \\ citat "q" och \\n bokstavligt',
      'rad ett\nrad två\r\nrad tre',
      'RTL \u202Eevil.exe\u202C och emoji 👩🏽‍💼 och åäöÅÄÖ',
      'långt '.repeat(120),
    ].join(' | ');
    const person = { name: 'Örjan "Ö" Åberg; VD, \\ <x>', email: 'orjan@example.se' };
    const ics = buildCalendar({
      method: 'REQUEST',
      stamp,
      events: [spec({ summary: hostile, description: hostile, location: hostile, attendees: [person], url: 'https://example.se/m?a=1' })],
    });

    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    // Folding never splits a UTF-8 sequence: every physical line is valid UTF-8 on its own.
    for (const line of ics.split('\r\n'))
      expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);

    const { event } = parse(ics);
    const expected = hostile.replace(/\r\n/g, '\n');
    expect(event.getFirstPropertyValue('summary')).toBe(expected);
    expect(event.getFirstPropertyValue('description')).toBe(expected);
    expect(event.getFirstPropertyValue('location')).toBe(expected);
    expect(event.getFirstProperty('attendee')!.getParameter('cn')).toBe(person.name);
    expect(event.getFirstPropertyValue('url')).toBe('https://example.se/m?a=1');
  });

  it('drops control characters TEXT cannot carry', () => {
    const { event } = parse(buildCalendar({ method: 'REQUEST', stamp, events: [spec({ summary: 'a\u0000b\u0007c\u001bd\u007fe\tf' })] }));
    expect(event.getFirstPropertyValue('summary')).toBe('abcde\tf');
  });

  it('refuses what would corrupt the object', () => {
    const build = (overrides: Partial<CalendarEventSpec>) => () => buildCalendar({ method: 'REQUEST', stamp, events: [spec(overrides)] });
    expect(build({ timeZone: 'Europe/Nowhere' })).toThrow(RangeError);
    expect(build({ startsAt: 'tomorrow' })).toThrow(RangeError);
    expect(build({ endsAt: '2027-01-21T07:00:00.000Z' })).toThrow(RangeError);
    expect(build({ sequence: -1 })).toThrow(RangeError);
    expect(build({ attendees: [{ name: 'x', email: 'a@b.se\r\nATTENDEE:mailto:evil@x' }] })).toThrow(RangeError);
    expect(build({ organizer: { name: 'x', email: 'no-at-sign' } })).toThrow(RangeError);
  });
});
