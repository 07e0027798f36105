/**
 * A registration's places are decided by its own batch (src/domain/place-statements.ts, additionStatements):
 * many registrations built from one snapshot all commit, the session never goes over capacity, the waiting
 * list has no gaps, and each email names the position the batch gave. On both engines, with nothing
 * serialising the registrations (as at the edge).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAssertionFailure } from '../../src/domain/batch.ts';
import { RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { createServices } from '../../src/domain/services.ts';
import { type Engine, engineDeps, openD1Engine, openSqliteEngine } from '../support/engines.ts';
import { CAPACITY_EVENT, fixtureQueries } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

describe.each([
  ['sqlite', openSqliteEngine],
  ['d1', openD1Engine],
] as const)('registrations on %s', (_name, open) => {
  let engine: Engine;
  let refused = 0;
  let services: ReturnType<typeof createServices>;

  beforeAll(async () => {
    engine = await open();
    await engine.batch.run(fixtureQueries());
    services = createServices(
      engineDeps(engine, {
        run: (queries) =>
          engine.batch.run(queries).catch((error: unknown) => {
            if (isAssertionFailure(error)) refused++;
            throw error;
          }),
      }),
    );
  }, 120_000);
  afterAll(() => engine?.close());

  it('places 40 simultaneous registrations for 10 places: 10 confirmed, 30 waiting in order, each told its place', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        services.registrations.register(
          CAPACITY_EVENT,
          RegistrationInputSchema.parse(registrationBody(70_000 + i, [{ sessionIds: ['cap-10'] }])),
          { lang: 'sv' },
        ),
      ),
    );
    const places = results.map((r) => {
      if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.error)}`);
      return { contact: r.value.view.contact.email, place: r.value.view.attendees[0]?.sessions[0] };
    });
    expect(places.filter((p) => p.place?.status === 'confirmed')).toHaveLength(10);
    const waiting = places.filter((p) => p.place?.status === 'waitlisted');
    expect(waiting.map((p) => p.place?.waitlistPosition).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    // Only registrations that met the session filling up were rebuilt; no waiting place was.
    expect(refused).toBeLessThan(40);

    for (const { contact, place } of waiting) {
      const [mail] = await engine.db
        .selectFrom('outbox')
        .select(['text', 'html'])
        .where('to_address', '=', contact)
        .where('kind', '=', 'registration_confirmed')
        .execute();
      expect(mail?.text).toContain(`väntelista, plats ${place?.waitlistPosition})`);
      expect(mail?.html).toContain(`väntelista, plats ${place?.waitlistPosition})`);
      expect(mail?.text).not.toMatch(/\d{15}/);
    }
  });
});
