import { describe, expect, it } from 'vitest';
import { addDays, localDate, localToUtc, weekday, zoneOffsetMs } from './time.ts';

const STOCKHOLM = 'Europe/Stockholm';

describe('time in the event zone', () => {
  it('converts Stockholm winter and summer wall-clock times to UTC', () => {
    expect(localToUtc('2027-01-21', '09:00', STOCKHOLM).toISOString()).toBe('2027-01-21T08:00:00.000Z');
    expect(localToUtc('2027-08-26', '09:00', STOCKHOLM).toISOString()).toBe('2027-08-26T07:00:00.000Z');
  });

  it('handles the days daylight saving starts and ends', () => {
    // 2027-03-28: clocks jump 02:00 → 03:00; 2027-10-31: 03:00 → 02:00.
    expect(localToUtc('2027-03-28', '03:30', STOCKHOLM).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(localToUtc('2027-03-28', '01:30', STOCKHOLM).toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(localToUtc('2027-10-31', '04:00', STOCKHOLM).toISOString()).toBe('2027-10-31T03:00:00.000Z');
  });

  it('reads the local date of an instant, not the server date', () => {
    // 23:30 UTC on 20 January is already 21 January in Stockholm.
    expect(localDate(new Date('2027-01-20T23:30:00Z'), STOCKHOLM)).toBe('2027-01-21');
    expect(zoneOffsetMs(new Date('2027-01-20T23:30:00Z'), STOCKHOLM)).toBe(3_600_000);
  });

  it('does calendar arithmetic on plain dates', () => {
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(weekday('2027-01-21')).toBe(4);
  });
});
