/**
 * The hold time: a registration whose contact never confirms releases its places after the event's hold time,
 * through the scheduled jobs (src/domain/jobs.ts, the same list both runtimes run), exactly as a cancellation does:
 * the waiting list moves up, the contact is told, and nothing held for the attendees is ever sent. A contact who
 * confirms in time keeps everything; one who confirms too late is told so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAllJobs } from '../../src/domain/jobs.ts';
import { RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { createServices, type Services } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';
import { confirmationLinkFromOutbox } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

const HOUR = 3_600_000;
const now = { t: Date.now() };
let harness: Awaited<ReturnType<typeof createTestApp>>;
let services: Services;

beforeAll(async () => {
  harness = await createTestApp({}, { clock: { now: () => new Date(now.t) } });
  services = createServices(harness.deps);
});
afterAll(() => harness?.close());

const outbox = (to: string) =>
  harness.deps.sqlite.prepare('SELECT kind, held, text FROM outbox WHERE to_address = ? ORDER BY created_at').all(to) as {
    kind: string;
    held: number;
    text: string;
  }[];

async function register(n: number, sessionIds: string[]) {
  const body = registrationBody(n, [{ sessionIds }]);
  const result = await services.registrations.register(CAPACITY_EVENT, RegistrationInputSchema.parse(body), { lang: 'sv' });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return { id: result.value.view.id, contact: body.contact.email, attendee: body.attendees[0]?.email as string };
}

const placeOf = async (id: string) => (await services.registrations.getById(id))?.attendees[0]?.sessions[0];

describe('a registration nobody confirms', () => {
  it('holds its place for the hold time, then releases it to the waiting list as a cancellation does', async () => {
    const start = now.t;
    const unconfirmed = await register(81_000, ['cap-later']);
    const waiting = await register(81_001, ['cap-later']);
    expect(await placeOf(unconfirmed.id)).toMatchObject({ status: 'confirmed' });
    expect(await placeOf(waiting.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    // Only the request to confirm may go out; the attendee's invite and the summary wait.
    expect(
      outbox(unconfirmed.contact)
        .filter((m) => m.held === 0)
        .map((m) => m.kind),
    ).toEqual(['registration_confirm_request']);
    expect(outbox(unconfirmed.attendee).map((m) => [m.kind, m.held])).toEqual([['session_invite', 1]]);

    // The waiting company confirms through the link in its email.
    const link = await confirmationLinkFromOutbox(harness, waiting.contact);
    expect((await services.confirmations.confirm(link.id, link.token)).ok).toBe(true);

    now.t = start + 47 * HOUR;
    await runAllJobs(services);
    expect((await services.registrations.getById(unconfirmed.id))?.status).toBe('active');

    now.t = start + 48 * HOUR + 60_000;
    const reports = await runAllJobs(services);
    expect(reports.find((r) => r.job === 'confirmation-hold')).toMatchObject({ ok: true, result: { released: 1 } });
    expect((await services.registrations.getById(unconfirmed.id))?.status).toBe('cancelled');
    expect(await placeOf(waiting.id)).toMatchObject({ status: 'confirmed', waitlistPosition: null });

    // The contact is told; the attendee never hears of it (the held invite is gone, and no CANCEL follows it).
    expect(outbox(unconfirmed.contact).map((m) => m.kind)).toEqual(['registration_confirm_request', 'registration_released']);
    expect(outbox(unconfirmed.attendee)).toEqual([]);
    // The promoted attendee's company had confirmed: exactly one invite and one word to its contact, not held.
    expect(
      outbox(waiting.attendee)
        .filter((m) => m.kind === 'session_invite')
        .map((m) => m.held),
    ).toEqual([0]);
    expect(
      outbox(waiting.contact)
        .filter((m) => m.kind === 'waitlist_promoted')
        .map((m) => m.held),
    ).toEqual([0]);

    // Another run finds nothing to do.
    const again = await runAllJobs(services);
    expect(again.find((r) => r.job === 'confirmation-hold')).toMatchObject({ result: { released: 0 } });

    // Too late: the link no longer confirms, and says so.
    const late = await confirmationLinkFromOutbox(harness, unconfirmed.contact);
    const answer = await services.confirmations.confirm(late.id, late.token);
    expect(answer.ok).toBe(false);
    expect(await services.confirmations.state(late.id, late.token)).toMatchObject({ state: 'released' });
  });

  it('keeps a registration whose contact confirmed in time, and releases what it held back to its attendees', async () => {
    const start = now.t;
    const registration = await register(81_002, ['cap-overlap']);
    expect(outbox(registration.attendee).map((m) => m.held)).toEqual([1]);
    now.t = start + 47 * HOUR;
    const link = await confirmationLinkFromOutbox(harness, registration.contact);
    // Reading the link (a mail scanner's GET) confirms nothing.
    expect(await services.confirmations.state(link.id, link.token)).toMatchObject({ state: 'pending' });
    expect((await services.registrations.getById(registration.id))?.confirmedAt).toBeNull();
    expect((await services.confirmations.confirm(link.id, link.token)).ok).toBe(true);
    expect(outbox(registration.attendee).map((m) => [m.kind, m.held])).toEqual([['session_invite', 0]]);
    expect(outbox(registration.contact).every((m) => m.held === 0)).toBe(true);

    now.t = start + 49 * HOUR;
    await runAllJobs(services);
    expect((await services.registrations.getById(registration.id))?.status).toBe('active');
    // Confirming again changes nothing.
    expect((await services.confirmations.confirm(link.id, link.token)).ok).toBe(true);
    expect(outbox(registration.attendee)).toHaveLength(1);
  });

  it('refuses a link whose token was not derived for that registration', async () => {
    const registration = await register(81_003, ['cap-overlap']);
    const link = await confirmationLinkFromOutbox(harness, registration.contact);
    const other = await register(81_004, ['cap-overlap']);
    expect(await services.confirmations.state(other.id, link.token)).toEqual({ state: 'invalid' });
    expect((await services.confirmations.confirm(other.id, link.token)).ok).toBe(false);
    expect((await services.registrations.getById(other.id))?.confirmedAt).toBeNull();
  });
});

describe('a promotion from the waiting list, mailed after the change that decided it', () => {
  it('is held for a company whose contact has not confirmed, and goes out once, when the contact confirms', async () => {
    const holders = () =>
      harness.deps.sqlite
        .prepare(
          `SELECT a.registration_id AS id FROM session_places p JOIN attendees a ON a.id = p.attendee_id
           WHERE p.session_id = 'cap-later' AND p.status = 'confirmed'`,
        )
        .all() as { id: string }[];
    if (holders().length === 0) {
      const holder = await register(81_010, ['cap-later']);
      const link = await confirmationLinkFromOutbox(harness, holder.contact);
      expect((await services.confirmations.confirm(link.id, link.token)).ok).toBe(true);
    }
    const [holder] = holders();
    const unconfirmed = await register(81_011, ['cap-later']);
    expect(await placeOf(unconfirmed.id)).toMatchObject({ status: 'waitlisted' });

    // The holder lets the place go: the change's batch promotes the unconfirmed company's attendee, and the notice
    // is rendered after the commit, when the outbox decides the invite and the contact's word are held.
    expect((await services.registrations.cancelById(holder?.id as string)).ok).toBe(true);
    expect(await placeOf(unconfirmed.id)).toMatchObject({ status: 'confirmed' });
    expect(harness.deps.sqlite.prepare('SELECT count(*) AS n FROM place_notices').get()).toEqual({ n: 0 });
    const promotionMail = () => [
      ...outbox(unconfirmed.attendee).map((m) => [m.kind, m.held]),
      ...outbox(unconfirmed.contact)
        .filter((m) => m.kind === 'waitlist_promoted')
        .map((m) => [m.kind, m.held]),
    ];
    expect(promotionMail()).toEqual([
      ['session_invite', 1],
      ['waitlist_promoted', 1],
    ]);

    // Nothing held is sent by the outbox.
    await runAllJobs(services);
    expect(promotionMail()).toEqual([
      ['session_invite', 1],
      ['waitlist_promoted', 1],
    ]);

    const link = await confirmationLinkFromOutbox(harness, unconfirmed.contact);
    expect((await services.confirmations.confirm(link.id, link.token)).ok).toBe(true);
    expect(promotionMail()).toEqual([
      ['session_invite', 0],
      ['waitlist_promoted', 0],
    ]);
  });
});
