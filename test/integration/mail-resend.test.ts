import ICAL from 'ical.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCalendar } from '../../src/calendar/ics.ts';
import { enqueueMessage } from '../../src/mail/outbox.ts';
import { createResendTransport } from '../../src/mail/resend-transport.ts';
import { drainOutbox } from '../../src/mail/sender.ts';
import type { MailMessage } from '../../src/mail/transport.ts';
import { type Engine, openSqliteEngine } from '../support/engines.ts';
import { type FakeResend, type Fault, startFakeResend } from '../support/fake-resend.ts';

let fake: FakeResend;
let engine: Engine;

beforeAll(async () => {
  fake = await startFakeResend();
  engine = await openSqliteEngine();
});
afterAll(async () => {
  await fake.close();
  await engine.close();
});
afterEach(() => {
  fake.accepted.length = 0;
  fake.setFault(() => 'none');
});

const ics = buildCalendar({
  method: 'REQUEST',
  stamp: new Date('2026-12-01T10:00:00Z'),
  events: [
    {
      uid: 'session-42@motesdagen',
      sequence: 0,
      summary: 'Dialog: Bygglov & detaljplaner',
      description: 'Välkommen!',
      location: 'Culturum, Sal Kungsgården',
      startsAt: '2027-01-21T07:45:00.000Z',
      endsAt: '2027-01-21T09:00:00.000Z',
      timeZone: 'Europe/Stockholm',
      organizer: { name: 'Näringslivskontoret', email: 'naringsliv@nykoping.se' },
      attendees: [{ name: 'Åsa Öberg', email: 'asa@akessonsplat.se' }],
    },
  ],
});

const message = (overrides: Partial<MailMessage> = {}): MailMessage => ({
  idempotencyKey: crypto.randomUUID(),
  from: 'Mötesdagen <noreply@motesdagen.localhost>',
  to: 'asa@akessonsplat.se',
  subject: 'Inbjudan: Dialog – Bygglov & detaljplaner',
  html: '<p>Hej Åsa!</p>',
  text: 'Hej Åsa!',
  calendar: { ics, method: 'REQUEST' },
  ...overrides,
});

describe('Resend transport (real SDK against a fake Resend)', () => {
  it('sends recipients, subject, both bodies and the invite as text/calendar with its method, keyed by the outbox id', async () => {
    const transport = createResendTransport({ apiKey: 're_test', baseUrl: fake.url });
    const sent = message();
    const result = await transport.send(sent);
    expect(result.ok).toBe(true);
    expect(fake.accepted).toHaveLength(1);
    const [email] = fake.accepted;
    expect(result).toEqual({ ok: true, providerId: email!.id });
    expect(email!.idempotencyKey).toBe(sent.idempotencyKey);
    expect(email!.to).toEqual(['asa@akessonsplat.se']);
    expect(email!.from).toBe(sent.from);
    expect(email!.subject).toBe(sent.subject);
    expect(email!.html).toBe(sent.html);
    expect(email!.text).toBe(sent.text);
    expect(email!.attachments).toHaveLength(1);
    const [attachment] = email!.attachments;
    expect(attachment!.filename).toBe('invite.ics');
    expect(attachment!.contentType).toBe('text/calendar; charset="UTF-8"; method=REQUEST');
    const decoded = Buffer.from(attachment!.content, 'base64').toString('utf8');
    expect(decoded).toBe(ics);
    const calendar = new ICAL.Component(ICAL.parse(decoded));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary')).toBe('Dialog: Bygglov & detaljplaner');
  });

  it('puts CANCEL into the attachment type and sends no attachment without a calendar', async () => {
    const transport = createResendTransport({ apiKey: 're_test', baseUrl: fake.url });
    await transport.send(message({ calendar: { ics, method: 'CANCEL' } }));
    await transport.send(message({ calendar: undefined }));
    expect(fake.accepted[0]!.attachments[0]!.contentType).toBe('text/calendar; charset="UTF-8"; method=CANCEL');
    expect(fake.accepted[1]!.attachments).toEqual([]);
  });

  it('fails at once on a validation error', async () => {
    fake.setFault(() => 422);
    const result = await createResendTransport({ apiKey: 're_test', baseUrl: fake.url }).send(message());
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok || result.reason).toMatch(/validation_error/);
    expect(fake.accepted).toHaveLength(0);
  });

  it.each<Fault>([500, 503, 429, 'hang', 'reset'])('calls %s retryable', async (fault) => {
    fake.setFault(() => fault);
    const result = await createResendTransport({ apiKey: 're_test', baseUrl: fake.url, timeoutMs: 300 }).send(message());
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(fake.accepted).toHaveLength(0);
  });

  it('gets the first answer back when the answer to an accepted message was lost', async () => {
    const transport = createResendTransport({ apiKey: 're_test', baseUrl: fake.url });
    const sent = message();
    let answerLost = true;
    fake.setFault(() => {
      const fault = answerLost ? 'accept-then-reset' : 'none';
      answerLost = false;
      return fault;
    });
    const first = await transport.send(sent);
    expect(first).toMatchObject({ ok: false, retryable: true });
    const second = await transport.send(sent);
    expect(second).toEqual({ ok: true, providerId: fake.accepted[0]!.id });
    expect(fake.accepted).toHaveLength(1);
  });
});

describe('the sender with the Resend transport', () => {
  it('retries transient failures with backoff, stops at once on validation errors, and uses the outbox id as key', async () => {
    let now = new Date('2027-01-10T08:00:00.000Z');
    const clock = { now: () => now };
    const goodId = crypto.randomUUID();
    const badId = crypto.randomUUID();
    await engine.batch.run([
      enqueueMessage(
        {
          id: goodId,
          eventId: null,
          kind: 'session_invite',
          language: 'sv',
          to: 'asa@akessonsplat.se',
          subject: 'Inbjudan',
          html: '<p>x</p>',
          text: 'x',
          calendar: { ics, method: 'REQUEST' },
        },
        now,
      ),
      enqueueMessage(
        {
          id: badId,
          eventId: null,
          kind: 'session_invite',
          language: 'sv',
          to: 'not-an-address',
          subject: 'Inbjudan',
          html: '<p>x</p>',
          text: 'x',
        },
        now,
      ),
    ]);
    const failuresLeft = new Map<string, number>([[goodId, 2]]);
    fake.setFault(({ idempotencyKey, body }) => {
      if (body.to && (body.to as string[])[0] === 'not-an-address') return 422;
      const left = failuresLeft.get(idempotencyKey ?? '') ?? 0;
      failuresLeft.set(idempotencyKey ?? '', left - 1);
      return left > 0 ? 503 : 'none';
    });
    const transport = createResendTransport({ apiKey: 're_test', baseUrl: fake.url });
    const deps = { db: engine.db, clock };
    const options = { from: 'Mötesdagen <noreply@motesdagen.localhost>', baseBackoffMs: 60_000, random: () => 0.5 };

    expect(await drainOutbox(deps, transport, options)).toEqual({ sent: 0, failed: 1, retried: 1 });
    // Not due again until the backoff has passed.
    expect(await drainOutbox(deps, transport, options)).toEqual({ sent: 0, failed: 0, retried: 0 });
    let row = await engine.db.selectFrom('outbox').selectAll().where('id', '=', goodId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(Date.parse(row.next_attempt_at) - now.getTime()).toBe(45_000); // 60 s: half fixed, half jitter(0.5)
    now = new Date(now.getTime() + 45_000);
    expect(await drainOutbox(deps, transport, options)).toEqual({ sent: 0, failed: 0, retried: 1 });
    row = await engine.db.selectFrom('outbox').selectAll().where('id', '=', goodId).executeTakeFirstOrThrow();
    expect(Date.parse(row.next_attempt_at) - now.getTime()).toBe(90_000); // doubled
    now = new Date(now.getTime() + 90_000);
    expect(await drainOutbox(deps, transport, options)).toEqual({ sent: 1, failed: 0, retried: 0 });

    row = await engine.db.selectFrom('outbox').selectAll().where('id', '=', goodId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 3, provider_message_id: fake.accepted[0]!.id, lease_until: null });
    expect(fake.accepted.map((email) => email.idempotencyKey)).toEqual([goodId]);
    const bad = await engine.db.selectFrom('outbox').selectAll().where('id', '=', badId).executeTakeFirstOrThrow();
    expect(bad).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bad.last_error).toMatch(/validation_error \(422\)/);
  });
});
