/**
 * Retention on both engines: an event past its retention time loses its personal data and any email still waiting
 * to be rendered for it, counts stay; an event still within it keeps everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiler } from '../../db/compiler.ts';
import { eraseExpiredPersonalData } from '../../src/domain/retention.ts';
import { type Engine, openD1Engine, openSqliteEngine } from '../support/engines.ts';

const now = new Date('2027-06-01T10:00:00Z');
const stamp = now.toISOString();

function eventWithRegistration(slug: string, endedDaysAgo: number, orgNumber: string) {
  const ends = new Date(now.getTime() - endedDaysAgo * 86_400_000);
  const starts = new Date(ends.getTime() - 8 * 3_600_000);
  return [
    compiler
      .insertInto('events')
      .values({
        id: `e-${slug}`,
        slug,
        name: slug,
        venue_name: 'V',
        venue_address: 'A',
        starts_at: starts.toISOString(),
        ends_at: ends.toISOString(),
        registration_opens_at: '2020-01-01T00:00:00.000Z',
        registration_closes_at: starts.toISOString(),
        status: 'closed',
        organiser_name: 'O',
        organiser_email: 'o@x.se',
        created_at: stamp,
        updated_at: stamp,
      })
      .compile(),
    compiler
      .insertInto('registrations')
      .values({
        id: `r-${slug}`,
        event_id: `e-${slug}`,
        company_org_number: orgNumber,
        company_name: 'Enskild Firma Svensson',
        company_industry: 'bygg',
        company_street: 'Gatan 1',
        company_postal_code: '61130',
        company_city: 'Norrvik',
        contact_name: 'Sven Svensson',
        contact_email: 'sven@example.se',
        contact_phone: '070-1234567',
        viewpoint_text: 'Snabbare bygglov',
        consent_at: stamp,
        manage_token_hash: `h-${slug}`,
        manage_token_expires_at: stamp,
        created_at: stamp,
        updated_at: stamp,
      })
      .compile(),
    compiler
      .insertInto('attendees')
      .values({ id: `a-${slug}`, registration_id: `r-${slug}`, name: 'Sven Svensson', email: 'sven@example.se', created_at: stamp })
      .compile(),
    compiler
      .insertInto('outbox')
      .values({
        id: `o-${slug}`,
        event_id: `e-${slug}`,
        kind: 'registration_confirmed',
        to_address: 'sven@example.se',
        subject: 's',
        html: 'h',
        text: 't',
        next_attempt_at: stamp,
        created_at: stamp,
      })
      .compile(),
    // A change's summary not yet rendered (decision 0011).
    compiler
      .insertInto('place_notices')
      .values({
        id: `n-${slug}`,
        event_id: `e-${slug}`,
        batch_id: `b-${slug}`,
        kind: 'changed',
        place_id: null,
        registration_id: `r-${slug}`,
        created_at: stamp,
      })
      .compile(),
  ];
}

describe.each([
  ['sqlite', openSqliteEngine],
  ['d1', openD1Engine],
] as const)('retention on %s', (_name, open) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open();
    await engine.batch.run([...eventWithRegistration('gammal', 400, '8001011234'), ...eventWithRegistration('farsk', 10, '5560360793')]);
  });
  afterAll(() => engine?.close());

  it('erases personal data of events past their retention time and keeps the counts', async () => {
    const deps = { db: engine.db, batch: engine.batch, clock: { now: () => now } };
    expect(await eraseExpiredPersonalData(deps)).toEqual(['gammal']);
    expect(await eraseExpiredPersonalData(deps)).toEqual([]);

    const old = await engine.db.selectFrom('registrations').selectAll().where('id', '=', 'r-gammal').executeTakeFirstOrThrow();
    expect(old).toMatchObject({ contact_name: '(raderad)', contact_email: '', contact_phone: '', viewpoint_text: '' });
    // The company as this registration gave it goes too; its industry stays for the statistics.
    expect(old).toMatchObject({
      company_org_number: '',
      company_name: '(raderad)',
      company_street: '',
      company_postal_code: '',
      company_city: '',
      company_industry: 'bygg',
    });
    const attendee = await engine.db.selectFrom('attendees').selectAll().where('id', '=', 'a-gammal').executeTakeFirstOrThrow();
    expect(attendee).toMatchObject({ name: '(raderad)', email: '' });
    expect(await engine.db.selectFrom('outbox').select('id').where('event_id', '=', 'e-gammal').execute()).toEqual([]);
    // No email waits to be rendered for the erased people.
    expect(await engine.db.selectFrom('place_notices').select('id').where('event_id', '=', 'e-gammal').execute()).toEqual([]);
    // Anonymous statistics: the registration and attendee rows are still there to count.
    expect(await engine.db.selectFrom('registrations').select('id').where('event_id', '=', 'e-gammal').execute()).toHaveLength(1);

    const recent = await engine.db.selectFrom('registrations').selectAll().where('id', '=', 'r-farsk').executeTakeFirstOrThrow();
    expect(recent.contact_email).toBe('sven@example.se');
    expect(recent.company_name).toBe('Enskild Firma Svensson');
    expect(await engine.db.selectFrom('outbox').select('id').where('event_id', '=', 'e-farsk').execute()).toHaveLength(1);
    expect(await engine.db.selectFrom('place_notices').select('id').where('event_id', '=', 'e-farsk').execute()).toHaveLength(1);
  });
});
