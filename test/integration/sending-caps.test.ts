/**
 * Sending caps: beyond so many messages an hour to one address, or for one event, messages wait in the outbox and go
 * when the hour's window allows; none is dropped and none is sent twice. On better-sqlite3 and on a local D1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage, type OutgoingMessage } from '../../src/mail/outbox.ts';
import { drainOutbox } from '../../src/mail/sender.ts';
import { MAX_MESSAGES_PER_ADDRESS_PER_HOUR } from '../../src/mail/sending-caps.ts';
import type { MailTransport } from '../../src/mail/transport.ts';
import { type Engine, openD1Engine, openSqliteEngine } from '../support/engines.ts';
import { fixtureQueries } from '../support/fixtures.ts';

const start = new Date('2027-01-10T08:00:00.000Z');
const MINUTE = 60_000;

const message = (to: string, eventId: string | null = null): OutgoingMessage => ({
  id: crypto.randomUUID(),
  eventId,
  kind: 'session_invite',
  language: 'sv',
  to,
  subject: `Till ${to}`,
  html: '<p>Hej</p>',
  text: 'Hej',
});

/** A transport that records every idempotency key it is handed. */
function recordingTransport() {
  const keys: string[] = [];
  const transport: MailTransport = {
    async send(sent) {
      keys.push(sent.idempotencyKey);
      return { ok: true, providerId: `p-${sent.idempotencyKey}` };
    },
  };
  return { transport, keys };
}

describe.each([
  ['sqlite', openSqliteEngine],
  ['d1', openD1Engine],
])('sending caps on %s', (_name, open) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open();
    await engine.batch.run(fixtureQueries(start));
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
  });

  const drainAt = (at: Date, transport: MailTransport, caps?: { perAddressPerHour: number; perEventPerHour: number }) =>
    drainOutbox({ db: engine.db, clock: { now: () => at } }, transport, { from: 'test@example.se', batchSize: 100, caps });

  it('sends at most the cap to one address an hour; the rest wait and go the next hour, each once', async () => {
    await engine.db.deleteFrom('outbox').execute();
    const flood = Array.from({ length: MAX_MESSAGES_PER_ADDRESS_PER_HOUR + 5 }, () => message('offer@example.se'));
    const other = message('someone-else@example.se');
    await engine.batch.run([...flood, other].map((m) => enqueueMessage(m, start)));
    const { transport, keys } = recordingTransport();

    await drainAt(start, transport);
    expect(keys.filter((k) => k !== other.id)).toHaveLength(MAX_MESSAGES_PER_ADDRESS_PER_HOUR);
    expect(keys).toContain(other.id);
    const waiting = await engine.db.selectFrom('outbox').select(['status', 'next_attempt_at']).where('status', '=', 'pending').execute();
    expect(waiting).toHaveLength(5);
    expect(waiting.every((w) => w.next_attempt_at > start.toISOString())).toBe(true);

    // Within the hour nothing more goes; after it, the rest does.
    await drainAt(new Date(start.getTime() + 30 * MINUTE), transport);
    expect(keys).toHaveLength(MAX_MESSAGES_PER_ADDRESS_PER_HOUR + 1);
    await drainAt(new Date(start.getTime() + 61 * MINUTE), transport);
    expect(keys).toHaveLength(flood.length + 1);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await engine.db.selectFrom('outbox').select('id').where('status', '<>', 'sent').execute()).toEqual([]);
  });

  it('sends at most the cap for one event an hour; other events and other mail are not held up', async () => {
    await engine.db.deleteFrom('outbox').execute();
    const busy = Array.from({ length: 8 }, (_, i) => message(`person${i}@example.se`, 'event-kapacitet'));
    const quiet = message('quiet@example.se', 'event-besok');
    await engine.batch.run([...busy, quiet].map((m) => enqueueMessage(m, start)));
    const { transport, keys } = recordingTransport();
    const caps = { perAddressPerHour: 100, perEventPerHour: 5 };

    await drainAt(start, transport, caps);
    expect(keys.filter((k) => busy.some((b) => b.id === k))).toHaveLength(5);
    expect(keys).toContain(quiet.id);
    await drainAt(new Date(start.getTime() + 61 * MINUTE), transport, caps);
    expect(keys).toHaveLength(busy.length + 1);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
