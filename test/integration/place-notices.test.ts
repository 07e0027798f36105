/**
 * The emails of places a cancellation's batch decided (docs/decisions/0011): the batch records whom it promoted,
 * and the emails are rendered from the rows afterwards, exactly once. Here the process "dies" right after the
 * batch commits (the request never renders its notices), and then:
 *  - two renderers run at once (the restarted process's job twice over): the promoted attendee gets exactly one
 *    invitation and their contact exactly one "you have a place" email;
 *  - a promoted company cancels before anyone told it of its place: nobody is told of a place that is gone (no
 *    invitation, no CANCEL), and the place goes on to the next in line, who is told once.
 * The emails rendered from notices are stored as every stored email is (decision 0010): their manage link carries
 * the token sealed, and opening it gives the company's working link.
 * On SQLite and on a local D1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistrationChangeSchema, RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { createServices } from '../../src/domain/services.ts';
import { createPrivateLinks } from '../../src/mail/private-links.ts';
import { confirmationLinkIn } from '../support/confirm.ts';
import { type Engine, engineDeps, openD1Engine, openSqliteEngine, testConfig } from '../support/engines.ts';
import { CAPACITY_EVENT, fixtureQueries } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

describe.each([
  ['sqlite', openSqliteEngine],
  ['d1', openD1Engine],
] as const)('place notices on %s', (_name, open) => {
  let engine: Engine;
  let services: ReturnType<typeof createServices>;
  /** Set to make the process "die" right after the next batch commits. */
  let dieAfterNextBatch = false;

  beforeAll(async () => {
    engine = await open();
    await engine.batch.run(fixtureQueries());
    services = createServices(
      engineDeps(engine, {
        run: async (queries) => {
          const result = await engine.batch.run(queries);
          if (dieAfterNextBatch) {
            dieAfterNextBatch = false;
            throw new Error('process died after the batch');
          }
          return result;
        },
      }),
    );
  }, 120_000);
  afterAll(() => engine?.close());

  // cap-later has one place; each test starts with it empty.
  const made: string[] = [];
  const emptySession = async () => {
    for (const token of made.splice(0)) await services.registrations.cancel(token);
  };
  const register = async (n: number) => {
    const result = await services.registrations.register(
      CAPACITY_EVENT,
      RegistrationInputSchema.parse(registrationBody(n, [{ sessionIds: ['cap-later'] }])),
      { lang: 'sv' },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    made.push(result.value.manageToken);
    // The contact confirms (decision 0009), so nothing of the company's stays held and every email here goes out.
    const request = await engine.db
      .selectFrom('outbox')
      .select('text')
      .where('registration_id', '=', result.value.view.id)
      .where('kind', '=', 'registration_confirm_request')
      .executeTakeFirstOrThrow();
    const link = confirmationLinkIn(await createPrivateLinks(testConfig().linkSecret).open(request.text));
    expect((await services.confirmations.confirm(link.id, link.token)).ok).toBe(true);
    return {
      id: result.value.view.id,
      token: result.value.manageToken,
      attendee: `deltagare0@foretag${n}.se`,
      contact: `kontakt${n}@foretag${n}.se`,
    };
  };
  const mail = async (to: string) =>
    (
      await engine.db
        .selectFrom('outbox')
        .select(['kind', 'ics_method', 'ics'])
        .where('to_address', '=', to)
        .where('kind', '<>', 'registration_confirm_request')
        .execute()
    ).map((m) => `${m.kind}${m.ics_method ? ` ${m.ics_method}` : ''}`);
  const place = async (token: string) => (await services.registrations.get(token))?.attendees[0]?.sessions[0];
  const notices = async () => (await engine.db.selectFrom('place_notices').select('id').execute()).length;

  it('mails a promotion left behind by a crash exactly once, however many renderers run', async () => {
    await emptySession();
    const holder = await register(91_000);
    const first = await register(91_001);
    const second = await register(91_002);
    expect(await place(first.token)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    dieAfterNextBatch = true;
    await expect(services.registrations.cancel(holder.token)).rejects.toThrow('process died');
    // The batch decided: the first in line holds the place, the second moved up; nobody has been told yet.
    expect(await place(first.token)).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    expect(await place(second.token)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await mail(first.contact)).toEqual(['registration_confirmed']);
    expect(await notices()).toBe(1);

    const settled = await Promise.all([
      services.registrations.deliverPlaceNotices({ limit: 100, olderThanMs: 0 }),
      services.registrations.deliverPlaceNotices({ limit: 100, olderThanMs: 0 }),
    ]);
    expect(settled).toEqual([1, 1]);
    expect((await mail(first.contact)).sort()).toEqual(['registration_confirmed', 'waitlist_promoted']);
    expect(await mail(first.attendee)).toEqual(['session_invite REQUEST']);
    expect(await mail(second.attendee)).toEqual([]);
    expect(await notices()).toBe(0);
    expect(await services.registrations.deliverPlaceNotices({ limit: 100, olderThanMs: 0 })).toBe(0);
    expect(await mail(first.attendee)).toEqual(['session_invite REQUEST']);
  });

  it('tells nobody of a place that went before they were told, and the next in line once', async () => {
    await emptySession();
    const holder = await register(92_000);
    const first = await register(92_001);
    const second = await register(92_002);

    dieAfterNextBatch = true;
    await expect(services.registrations.cancel(holder.token)).rejects.toThrow('process died');
    expect(await place(first.token)).toMatchObject({ status: 'confirmed' });
    // The promoted company cancels before its promotion was mailed: its own batch sends no CANCEL for a place it
    // never heard of, and passes the place on to the second, whose email its request renders at once.
    const cancelled = await services.registrations.cancel(first.token);
    expect(cancelled.ok).toBe(true);
    expect(await place(second.token)).toMatchObject({ status: 'confirmed' });
    expect((await mail(second.contact)).sort()).toEqual(['registration_confirmed', 'waitlist_promoted']);
    expect(await mail(second.attendee)).toEqual(['session_invite REQUEST']);

    // The notice the crash left is settled without a word to the first company.
    expect(await services.registrations.deliverPlaceNotices({ limit: 100, olderThanMs: 0 })).toBe(1);
    expect(await notices()).toBe(0);
    expect(await mail(first.attendee)).toEqual([]);
    expect((await mail(first.contact)).sort()).toEqual(['registration_cancelled', 'registration_confirmed']);
  });

  it('stores the manage link of a promotion and of a change summary sealed, and it opens to the working link', async () => {
    await emptySession();
    const holder = await register(93_000);
    const waiting = await register(93_001);
    const changed = await services.registrations.change(
      waiting.token,
      RegistrationChangeSchema.parse({ contact: { name: 'Ny Kontakt', email: waiting.contact, phone: '070-123 45 67' } }),
      'sv',
    );
    expect(changed.ok).toBe(true);
    expect((await services.registrations.cancel(holder.token)).ok).toBe(true);

    const privateLinks = createPrivateLinks(testConfig().linkSecret);
    const rows = await engine.db
      .selectFrom('outbox')
      .select(['kind', 'html', 'text'])
      .where('to_address', '=', waiting.contact)
      .where('kind', 'in', ['registration_changed', 'waitlist_promoted'])
      .execute();
    expect(rows.map((r) => r.kind).sort()).toEqual(['registration_changed', 'waitlist_promoted']);
    for (const row of rows) {
      for (const part of [row.html, row.text]) {
        expect(part, `${row.kind} stores its link sealed`).toMatch(/\/hantera\/~sealed~[A-Za-z0-9_.-]+~/);
        expect(part, `${row.kind} stores no token`).not.toMatch(/\/hantera\/[A-Za-z0-9_-]{43}\b/);
      }
      const link = /\/hantera\/([A-Za-z0-9_-]{43})\b/.exec(await privateLinks.open(row.text))?.[1];
      expect(link, `${row.kind} opens to a manage link`).toBeDefined();
      expect((await services.registrations.get(link as string))?.id, `${row.kind}'s link is the company's`).toBe(waiting.id);
    }
  });
});
