/**
 * Extra events for tests, as compiled statements (applied to SQLite directly, to D1 with wrangler):
 *  - `kapacitet`: open registration, one session with 10 places, one overlapping session, one later session;
 *  - `stangd`: registration closed yesterday.
 */
import type { CompiledQuery } from 'kysely';
import { compiler } from '../../db/compiler.ts';

export const CAPACITY_EVENT = 'kapacitet';
export const CLOSED_EVENT = 'stangd';

export function fixtureQueries(now = new Date()): CompiledQuery[] {
  const stamp = now.toISOString();
  const day = (offset: number, hour: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset, hour)).toISOString();
  const queries: CompiledQuery[] = [];
  const event = (slug: string, opens: string, closes: string) => {
    const id = `event-${slug}`;
    queries.push(
      compiler
        .insertInto('events')
        .values({
          id,
          slug,
          name: `Testdagen ${slug}`,
          venue_name: 'Testhuset',
          venue_address: 'Provgatan 1, 611 30 Norrvik',
          starts_at: day(150, 7),
          ends_at: day(150, 15),
          registration_opens_at: opens,
          registration_closes_at: closes,
          status: 'published',
          organiser_name: 'Testkontoret',
          organiser_email: 'test@norrvik.example',
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
    );
    return id;
  };
  const session = (eventId: string, id: string, start: number, end: number, capacity: number) =>
    queries.push(
      compiler
        .insertInto('sessions')
        .values({
          id,
          event_id: eventId,
          title_sv: `Pass ${id}`,
          title_en: `Session ${id}`,
          starts_at: day(150, start),
          ends_at: day(150, end),
          room: 'Sal 1',
          capacity,
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
    );
  const open = event(CAPACITY_EVENT, day(-1, 0), day(140, 0));
  session(open, 'cap-10', 8, 9, 10);
  session(open, 'cap-overlap', 8, 10, 50);
  session(open, 'cap-later', 11, 12, 1);
  queries.push(
    compiler
      .insertInto('visit_slots')
      .values({ id: 'cap-slot', event_id: open, starts_at: day(150, 13), ends_at: day(150, 14) })
      .compile(),
  );
  const closed = event(CLOSED_EVENT, day(-10, 0), day(-1, 0));
  session(closed, 'closed-1', 8, 9, 10);
  return queries;
}
