/**
 * A sender as its own process, for the crash test (test/integration/mail-fault.test.ts): drains the outbox of
 * SENDER_DB through the Resend transport at SENDER_RESEND_URL until no row is pending or being sent, then
 * exits 0. It may be SIGKILLed at any moment.
 */
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { systemClock } from '../../src/deps.ts';
import { createResendTransport } from '../../src/mail/resend-transport.ts';
import { drainOutbox } from '../../src/mail/sender.ts';
import { openSqlite } from '../../src/runtime/node.ts';

const sqlite = openSqlite(process.env.SENDER_DB!);
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
const transport = createResendTransport({ apiKey: 're_test', baseUrl: process.env.SENDER_RESEND_URL!, timeoutMs: 300 });
const options = {
  from: 'Mötesdagen <noreply@motesdagen.localhost>',
  batchSize: 20,
  leaseMs: 1500,
  maxAttempts: 60,
  baseBackoffMs: 20,
  maxBackoffMs: 200,
};

for (;;) {
  const result = await drainOutbox({ db, clock: systemClock }, transport, options);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (result.sent + result.failed + result.retried === 0) {
    const open = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirstOrThrow();
    if (Number(open.n) === 0) break;
    await new Promise((done) => setTimeout(done, 50));
  }
}
await db.destroy();
