/**
 * What looks wrong with a session without being forbidden: it lies outside the event's hours (a breakfast before
 * the day opens may be meant), or it has no places (nobody can sign up; it may be meant for a closed group). The
 * organiser sees the warning beside the session and decides.
 */
import { localTime } from './local-time.ts';

interface Span {
  startsAt: string;
  endsAt: string;
}

export function sessionWarnings(session: Span & { capacity: number }, event: Span & { timeZone: string }): string[] {
  const warnings: string[] = [];
  if (session.startsAt < event.startsAt || session.endsAt > event.endsAt) {
    const hours = `${localTime(event.startsAt, event.timeZone)}–${localTime(event.endsAt, event.timeZone)}`;
    warnings.push(`Ligger utanför evenemangets tider (${hours}).`);
  }
  if (session.capacity === 0) warnings.push('Har 0 platser: ingen kan anmäla sig, alla hamnar på väntelistan.');
  return warnings;
}
