/**
 * The atomic batch port behaves the same on better-sqlite3 and on D1: all-or-nothing, in order, with
 * later statements seeing earlier ones, and conditional single statements keeping capacity under
 * concurrency. Every invariant of the product rests on these properties.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiler } from '../../db/compiler.ts';
import { demoEventQueries } from '../../db/demo-event.ts';
import { type Engine, openD1Engine, openSqliteEngine } from '../support/engines.ts';

const now = new Date('2026-11-23T10:00:00Z');

describe.each([
  ['sqlite', openSqliteEngine],
  ['d1', openD1Engine],
] as const)('atomic batch on %s', (_name, open) => {
  let engine: Engine;
  let sessionId: string;

  beforeAll(async () => {
    engine = await open();
    await engine.batch.run(demoEventQueries(now));
    const session = await engine.db.selectFrom('sessions').select('id').orderBy('starts_at').executeTakeFirstOrThrow();
    sessionId = session.id;
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('seeds the demo event with its program, slots, zones and about thirty hosts', async () => {
    const count = async (table: 'sessions' | 'hosts' | 'visit_slots' | 'zones' | 'registrations') =>
      Number(
        (
          await engine.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('sessions')).toBeGreaterThanOrEqual(8);
    expect(await count('hosts')).toBe(30);
    expect(await count('visit_slots')).toBeGreaterThan(0);
    expect(await count('zones')).toBeGreaterThanOrEqual(5);
    expect(await count('registrations')).toBe(0);
    const parties = await engine.db.selectFrom('hosts').select('party').distinct().where('kind', '=', 'politician').execute();
    expect(parties.length).toBeGreaterThanOrEqual(4);
  });

  it('returns rows for reads and change counts for writes, in order', async () => {
    const zoneId = crypto.randomUUID();
    const event = await engine.db.selectFrom('events').select('id').executeTakeFirstOrThrow();
    const results = await engine.batch.run([
      compiler.insertInto('zones').values({ id: zoneId, event_id: event.id, name: 'Ett område' }).compile(),
      compiler.selectFrom('zones').select('name').where('id', '=', zoneId).compile(),
    ]);
    expect(results[0]?.changes).toBe(1);
    expect(results[1]?.rows).toEqual([{ name: 'Ett område' }]);
  });

  it('writes nothing when any statement fails', async () => {
    const first = crypto.randomUUID();
    const taken = crypto.randomUUID();
    const event = await engine.db.selectFrom('events').select('id').executeTakeFirstOrThrow();
    const zone = (id: string) => compiler.insertInto('zones').values({ id, event_id: event.id, name: 'Dubblett' }).compile();
    // The third insert breaks the primary key's UNIQUE constraint: the first must be rolled back too.
    await expect(engine.batch.run([zone(first), zone(taken), zone(taken)])).rejects.toThrow(/UNIQUE/i);
    const left = await engine.db.selectFrom('zones').select('id').where('id', 'in', [first, taken]).execute();
    expect(left).toEqual([]);
  });

  it('never lets conditional inserts exceed a capacity, also with batches running at once', async () => {
    const capacity = 5;
    await engine.db.updateTable('sessions').set({ capacity }).where('id', '=', sessionId).execute();
    const stamp = now.toISOString();
    const registrationFor = async (index: number) => {
      const registrationId = crypto.randomUUID();
      const attendeeId = crypto.randomUUID();
      const event = await engine.db.selectFrom('events').select('id').executeTakeFirstOrThrow();
      return [
        compiler
          .insertInto('registrations')
          .values({
            id: registrationId,
            event_id: event.id,
            company_org_number: String(7000000000 + index),
            company_name: `Företag ${index}`,
            company_industry: 'IT',
            company_street: 'Gata 3',
            company_postal_code: '61132',
            company_city: 'Norrvik',
            contact_name: 'Kontakt',
            contact_email: `k${index}@example.com`,
            contact_phone: '070-1234567',
            consent_at: stamp,
            manage_token_hash: crypto.randomUUID(),
            manage_token_expires_at: stamp,
            created_at: stamp,
            updated_at: stamp,
          })
          .compile(),
        compiler
          .insertInto('attendees')
          .values({
            id: attendeeId,
            registration_id: registrationId,
            name: `Person ${index}`,
            email: `p${index}@example.com`,
            created_at: stamp,
          })
          .compile(),
        // The capacity rule as one statement: a place is confirmed only while confirmed places < capacity.
        compiler
          .insertInto('session_places')
          .columns(['id', 'session_id', 'attendee_id', 'status', 'created_at', 'confirmed_at'])
          .expression(
            compiler
              .selectNoFrom((eb) => [
                eb.val(crypto.randomUUID()).as('id'),
                eb.val(sessionId).as('session_id'),
                eb.val(attendeeId).as('attendee_id'),
                eb.val('confirmed').as('status'),
                eb.val(stamp).as('created_at'),
                eb.val(stamp).as('confirmed_at'),
              ])
              .where((eb) =>
                eb(
                  eb
                    .selectFrom('session_places')
                    .select(eb.fn.countAll().as('n'))
                    .where('session_id', '=', sessionId)
                    .where('status', '=', 'confirmed'),
                  '<',
                  eb.selectFrom('sessions').select('capacity').where('id', '=', sessionId),
                ),
              ),
          )
          .compile(),
      ];
    };
    const batches = await Promise.all(Array.from({ length: 20 }, (_, i) => registrationFor(i)));
    const results = await Promise.all(batches.map((batch) => engine.batch.run(batch)));
    // Any change counts: D1 adds the rows the place's triggers updated (src/deps.ts, BatchResult).
    const placed = results.filter((r) => (r[2]?.changes ?? 0) > 0).length;
    expect(placed).toBe(capacity);
    const confirmed = await engine.db
      .selectFrom('session_places')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('session_id', '=', sessionId)
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    expect(Number(confirmed.n)).toBe(capacity);
  });
});
