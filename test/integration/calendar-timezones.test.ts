/**
 * ICS and email dates must not depend on the server's TZ: the same input renders byte for byte the same in
 * processes running under very different zones.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/node-server.ts';

const script = `
import { buildCalendar } from './src/calendar/ics.ts';
import { renderEmail } from './emails/index.ts';
import { sampleEmails } from './emails/samples.ts';
const ics = buildCalendar({ method: 'REQUEST', stamp: new Date('2026-12-01T10:00:00Z'), events: [
  { uid: 'u@m', sequence: 1, summary: 's', description: 'd', location: 'l', startsAt: '2027-01-21T07:45:00.000Z', endsAt: '2027-01-21T09:00:00.000Z',
    timeZone: 'Europe/Stockholm', organizer: { name: 'O', email: 'o@m.se' }, attendees: [{ name: 'A', email: 'a@m.se' }] },
  { uid: 'v@m', sequence: 0, summary: 's', description: 'd', location: 'l', startsAt: '2027-06-10T07:00:00.000Z', endsAt: '2027-06-10T08:00:00.000Z',
    timeZone: 'Europe/Stockholm', organizer: { name: 'O', email: 'o@m.se' }, attendees: [] },
] });
const emails = sampleEmails().map((input) => renderEmail(input));
process.stdout.write(JSON.stringify({ ics, emails }));
`;

function renderUnder(tz: string): { ics: string; emails: { subject: string; html: string; text: string }[] } {
  const output = execFileSync(join(projectRoot, 'node_modules/.bin/node'), ['--input-type=module', '-e', script], {
    cwd: projectRoot,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

describe('independence from the server time zone', () => {
  it('renders the same ICS and emails under UTC, Pacific/Auckland and America/Los_Angeles', () => {
    const [utc, auckland, losAngeles] = ['UTC', 'Pacific/Auckland', 'America/Los_Angeles'].map(renderUnder);
    expect(auckland).toEqual(utc);
    expect(losAngeles).toEqual(utc);
    expect(utc!.ics).toContain('DTSTART;TZID=Europe/Stockholm:20270121T084500');
    expect(utc!.ics).toContain('DTSTART;TZID=Europe/Stockholm:20270610T090000');
    expect(utc!.emails[0]!.text).toContain('torsdag 21 januari 2027, 08:00–08:45');
  });
});
