import { describe, expect, it } from 'vitest';
import { sessionWarnings } from './session-warnings.ts';

// 09:00–16:00 Swedish time on 21 January 2027 (UTC+1).
const event = { startsAt: '2027-01-21T08:00:00.000Z', endsAt: '2027-01-21T15:00:00.000Z', timeZone: 'Europe/Stockholm' };
const at = (start: string, end: string, capacity = 30) => ({
  startsAt: `2027-01-21T${start}:00.000Z`,
  endsAt: `2027-01-21T${end}:00.000Z`,
  capacity,
});

describe('session warnings', () => {
  it('say nothing of a session within the day that has places', () => {
    expect(sessionWarnings(at('08:00', '09:00'), event)).toEqual([]);
    expect(sessionWarnings(at('14:00', '15:00'), event)).toEqual([]);
  });

  it('warn of a session that starts before or ends after the event, naming the event’s hours in its zone', () => {
    const outside = 'Ligger utanför evenemangets tider (09:00–16:00).';
    expect(sessionWarnings(at('07:30', '08:30'), event)).toEqual([outside]);
    expect(sessionWarnings(at('14:30', '15:30'), event)).toEqual([outside]);
  });

  it('warn of a session with no places', () => {
    expect(sessionWarnings(at('09:00', '10:00', 0), event)).toEqual(['Har 0 platser: ingen kan anmäla sig, alla hamnar på väntelistan.']);
    expect(sessionWarnings(at('16:00', '17:00', 0), event)).toHaveLength(2);
  });
});
