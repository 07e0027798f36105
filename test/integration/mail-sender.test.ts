import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage, type OutgoingMessage } from '../../src/mail/outbox.ts';
import { createPrivateLinks } from '../../src/mail/private-links.ts';
import { drainOutbox } from '../../src/mail/sender.ts';
import type { MailMessage, MailTransport, SendResult } from '../../src/mail/transport.ts';
import { type Engine, openD1Engine, openSqliteEngine } from '../support/engines.ts';

const start = new Date('2027-01-10T08:00:00.000Z');

function outgoing(to: string, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    id: crypto.randomUUID(),
    eventId: null,
    kind: 'registration_confirmed',
    language: 'sv',
    to,
    subject: `Till ${to}`,
    html: '<p>Hej</p>',
    text: 'Hej',
    ...overrides,
  };
}

/** A transport whose answer depends on the recipient; it counts every call per idempotency key. */
function scriptedTransport(answer: (message: MailMessage, call: number) => SendResult, delayMs = 0) {
  const calls = new Map<string, number>();
  const messages: MailMessage[] = [];
  const transport: MailTransport = {
    async send(message) {
      const call = (calls.get(message.idempotencyKey) ?? 0) + 1;
      calls.set(message.idempotencyKey, call);
      messages.push(message);
      if (delayMs) await new Promise((done) => setTimeout(done, delayMs));
      return answer(message, call);
    },
  };
  return { transport, calls, messages };
}

describe.each([
  ['sqlite', openSqliteEngine],
  ['d1', openD1Engine],
])('drainOutbox on %s', (_name, open) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open();
  });
  afterAll(async () => {
    await engine?.close();
  });

  const row = (id: string) => engine.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('sends, retries, gives up after maxAttempts, fails permanent errors at once, and reclaims expired leases', async () => {
    await engine.db.deleteFrom('outbox').execute();
    let now = start;
    const clock = { now: () => now };
    const ok = outgoing('ok@example.se', { calendar: { ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', method: 'CANCEL' } });
    const permanent = outgoing('permanent@example.se');
    const flaky = outgoing('flaky@example.se');
    const hopeless = outgoing('hopeless@example.se');
    const crashed = outgoing('crashed@example.se');
    const leased = outgoing('leased@example.se');
    const later = outgoing('later@example.se');
    await engine.batch.run([ok, permanent, flaky, hopeless, crashed, leased].map((m) => enqueueMessage(m, start)));
    await engine.batch.run([enqueueMessage(later, new Date(start.getTime() + 3_600_000))]);
    // A sender crashed holding `crashed` (its lease has run out); another sender still holds `leased`.
    await engine.db
      .updateTable('outbox')
      .set({ status: 'sending', lease_until: new Date(start.getTime() - 1).toISOString(), attempts: 1 })
      .where('id', '=', crashed.id!)
      .execute();
    await engine.db
      .updateTable('outbox')
      .set({ status: 'sending', lease_until: new Date(start.getTime() + 60_000).toISOString(), attempts: 1 })
      .where('id', '=', leased.id!)
      .execute();

    const { transport, calls, messages } = scriptedTransport((message, call) => {
      if (message.to === 'permanent@example.se') return { ok: false, retryable: false, reason: 'validation_error (422): bad' };
      if (message.to === 'hopeless@example.se') return { ok: false, retryable: true, reason: 'internal_server_error (500)' };
      if (message.to === 'flaky@example.se' && call === 1) return { ok: false, retryable: true, reason: 'no response' };
      return { ok: true, providerId: `p-${message.idempotencyKey}` };
    });
    const deps = { db: engine.db, clock };
    const options = { from: 'Mötesdagen <noreply@m.localhost>', maxAttempts: 3, baseBackoffMs: 1000, maxBackoffMs: 1500, random: () => 1 };

    expect(await drainOutbox(deps, transport, options)).toEqual({ sent: 2, failed: 1, retried: 2 });
    expect(calls.has(leased.id!)).toBe(false);
    expect(calls.has(later.id!)).toBe(false);
    expect(messages.find((m) => m.to === 'ok@example.se')).toMatchObject({
      idempotencyKey: ok.id,
      from: 'Mötesdagen <noreply@m.localhost>',
      subject: 'Till ok@example.se',
      calendar: { ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', method: 'CANCEL' },
    });
    expect(messages.find((m) => m.to === 'permanent@example.se')!.calendar).toBeUndefined();
    expect(await row(ok.id!)).toMatchObject({
      status: 'sent',
      provider_message_id: `p-${ok.id}`,
      attempts: 1,
      lease_until: null,
      sent_at: start.toISOString(),
    });
    expect(await row(crashed.id!)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await row(permanent.id!)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'validation_error (422): bad' });
    expect(await row(flaky.id!)).toMatchObject({
      status: 'pending',
      attempts: 1,
      next_attempt_at: new Date(start.getTime() + 1000).toISOString(),
    });

    now = new Date(start.getTime() + 1000);
    expect(await drainOutbox(deps, transport, options)).toEqual({ sent: 1, failed: 0, retried: 1 });
    expect(await row(flaky.id!)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await row(hopeless.id!)).toMatchObject({
      status: 'pending',
      attempts: 2,
      next_attempt_at: new Date(now.getTime() + 1500).toISOString(),
    });

    now = new Date(start.getTime() + 2500);
    expect(await drainOutbox(deps, transport, options)).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect(await row(hopeless.id!)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'internal_server_error (500)' });

    // The other sender's lease runs out: the row is taken over and sent.
    now = new Date(start.getTime() + 60_001);
    expect(await drainOutbox(deps, transport, options)).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(await row(leased.id!)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(calls.get(ok.id!)).toBe(1);
  });

  it('lets two senders drain at once without sending any row twice, and respects batchSize', async () => {
    await engine.db.deleteFrom('outbox').execute();
    const clock = { now: () => new Date() };
    const ids = Array.from({ length: 30 }, (_, i) => outgoing(`r${i}@example.se`));
    await engine.batch.run(ids.map((m) => enqueueMessage(m, new Date(Date.now() - 1000))));
    const { transport, calls } = scriptedTransport((message) => ({ ok: true, providerId: `p-${message.idempotencyKey}` }), 5);
    const deps = { db: engine.db, clock };

    expect(await drainOutbox(deps, transport, { from: 'x@m.localhost', batchSize: 4 })).toEqual({ sent: 4, failed: 0, retried: 0 });
    const [a, b] = await Promise.all([
      drainOutbox(deps, transport, { from: 'x@m.localhost' }),
      drainOutbox(deps, transport, { from: 'x@m.localhost' }),
    ]);
    expect(a.sent + b.sent).toBe(26);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(calls.size).toBe(30);
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    const statuses = await engine.db.selectFrom('outbox').select('status').execute();
    expect(statuses.every((s) => s.status === 'sent')).toBe(true);
  });

  it('opens sealed links as it sends, and fails a message whose link it cannot open instead of sending it', async () => {
    await engine.db.deleteFrom('outbox').execute();
    const clock = { now: () => start };
    const links = createPrivateLinks('the link secret of this deployment, 32+ chars');
    const elsewhere = createPrivateLinks('a link secret of another deployment, 32+ chars');
    const token = 'T0kenT0kenT0kenT0kenT0kenT0kenT0kenT0kenT0k';
    const url = async (sealer: typeof links) => `https://x.example/hantera/${await sealer.seal(token)}`;
    const sealed = outgoing('sealed@example.se', { html: `<a href="${await url(links)}">x</a>`, text: await url(links) });
    const foreign = outgoing('foreign@example.se', { text: await url(elsewhere) });
    await engine.batch.run([sealed, foreign].map((m) => enqueueMessage(m, start)));

    const { transport, messages } = scriptedTransport(() => ({ ok: true, providerId: 'p' }));
    expect(await drainOutbox({ db: engine.db, clock }, transport, { from: 'x@m.localhost', privateLinks: links })).toEqual({
      sent: 1,
      failed: 1,
      retried: 0,
    });
    expect(messages.map((m) => [m.to, m.text, m.html])).toEqual([
      ['sealed@example.se', `https://x.example/hantera/${token}`, `<a href="https://x.example/hantera/${token}">x</a>`],
    ]);
    expect(await row(foreign.id as string)).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/LINK_SECRET/) });
    expect((await row(sealed.id as string)).text).not.toContain(token);

    // A sender without the key sends no message that carries a sealed link.
    const again = outgoing('again@example.se', { text: await url(links) });
    await engine.batch.run([enqueueMessage(again, start)]);
    expect(await drainOutbox({ db: engine.db, clock }, transport, { from: 'x@m.localhost' })).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect(messages).toHaveLength(1);
  });
});
