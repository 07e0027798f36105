/** The public program feed on both runtimes: valid iCalendar PUBLISH, and 304 for an unchanged ETag. */
import ICAL from 'ical.js';
import { describe, expect, inject, it } from 'vitest';
import { CAPACITY_EVENT } from '../support/fixtures.ts';

describe.each(inject('targets'))('program feed on $name', ({ baseUrl }) => {
  it('serves the program as a calendar to subscribe to, with ETag and 304', async () => {
    const response = await fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}/program.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Testdagen kapacitet');
    const summaries = calendar.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('summary'));
    // Exactly the event's program (other test files may add sessions to this event), the fixture's among it.
    const program = (await (await fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}`)).json()) as {
      sessions: { title: { sv: string } }[];
    };
    expect([...summaries].sort()).toEqual(program.sessions.map((s) => s.title.sv).sort());
    expect(summaries).toEqual(expect.arrayContaining(['Pass cap-10', 'Pass cap-overlap', 'Pass cap-later']));
    for (const event of calendar.getAllSubcomponents('vevent')) expect(event.getAllProperties('attendee')).toHaveLength(0);

    const again = await fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}/program.ics`, { headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const english = await fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}/program.ics?lang=en`);
    expect(english.headers.get('etag')).not.toBe(etag);
    expect(await english.text()).toContain('SUMMARY:Session cap-10');
  });

  it('answers unknown feeds with 404', async () => {
    expect((await fetch(`${baseUrl}/api/events/finns-inte/program.ics`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/api/feeds/hosts/${'x'.repeat(43)}.ics`)).status).toBe(404);
  });
});
