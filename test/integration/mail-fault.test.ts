/**
 * The outbox survives crashes: 500 messages, a Resend that fails about a third of the calls (5xx, 429,
 * timeouts, connection resets, and accepted messages whose answer is lost), senders in child processes
 * SIGKILLed mid-batch and restarted, two of them running at once. In the end every message is sent and
 * Resend accepted exactly one copy of each.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { migrateSqlite } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import { enqueueMessage } from '../../src/mail/outbox.ts';
import { openSqlite, sqliteBatch } from '../../src/runtime/node.ts';
import { type FakeResend, type Fault, startFakeResend } from '../support/fake-resend.ts';
import { projectRoot } from '../support/node-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'motesdagen-fault-'));
const children: ChildProcess[] = [];
let fake: FakeResend | undefined;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A small seeded generator (mulberry32), so a failing run can be repeated. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function startSender(databasePath: string, url: string): ChildProcess & { output: string[] } {
  const child = spawn(join(projectRoot, 'node_modules/.bin/node'), [join(projectRoot, 'test/support/outbox-sender-process.ts')], {
    cwd: projectRoot,
    env: { ...process.env, SENDER_DB: databasePath, SENDER_RESEND_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  children.push(child);
  return child;
}

async function until(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', (code) => done(code))));

it('delivers 500 messages exactly once through crashes, restarts, concurrent senders and a flaky provider', async () => {
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
  const random = seeded(seed);
  const databasePath = join(dir, 'outbox.sqlite');
  const sqlite = openSqlite(databasePath);
  migrateSqlite(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const now = new Date();
  const ids: string[] = [];
  const queries = Array.from({ length: 500 }, (_, i) => {
    const id = crypto.randomUUID();
    ids.push(id);
    return enqueueMessage(
      {
        id,
        eventId: null,
        kind: 'registration_confirmed',
        language: 'sv',
        to: `deltagare${i}@example.se`,
        subject: `Anmälan ${i}`,
        html: `<p>${i}</p>`,
        text: String(i),
      },
      now,
    );
  });
  await sqliteBatch(sqlite).run(queries);

  fake = await startFakeResend();
  const faults: Fault[] = [500, 503, 429, 'hang', 'reset', 'accept-then-reset'];
  const injected = new Map<Fault, number>();
  fake.setFault(() => {
    if (random() >= 1 / 3) return 'none';
    const fault = faults[Math.floor(random() * faults.length)]!;
    injected.set(fault, (injected.get(fault) ?? 0) + 1);
    return fault;
  });

  const first = startSender(databasePath, fake.url);
  await until(() => fake!.accepted.length >= 60, 30_000, 'the first sender to get going');
  first.kill('SIGKILL');
  await exited(first);

  // Two senders at once, one of which is killed in turn.
  const second = startSender(databasePath, fake.url);
  const third = startSender(databasePath, fake.url);
  await until(() => fake!.accepted.length >= 250, 30_000, 'the concurrent senders to progress');
  second.kill('SIGKILL');
  await exited(second);
  const fourth = startSender(databasePath, fake.url);

  const codes = await Promise.all([exited(third), exited(fourth)]);
  expect(codes, [third, fourth].map((c) => (c as typeof third).output.join('')).join('\n')).toEqual([0, 0]);

  const rows = await db.selectFrom('outbox').select(['id', 'status', 'provider_message_id', 'attempts']).execute();
  expect(
    rows.filter((row) => row.status !== 'sent'),
    `seed ${seed}`,
  ).toEqual([]);
  expect(fake.accepted, `seed ${seed}`).toHaveLength(500);
  const byKey = new Map(fake.accepted.map((email) => [email.idempotencyKey, email.id]));
  expect(byKey.size).toBe(500);
  expect(new Set(byKey.keys())).toEqual(new Set(ids));
  for (const row of rows) expect(row.provider_message_id).toBe(byKey.get(row.id));
  // The faults really happened, and some rows needed more than one attempt.
  expect(injected.size, `seed ${seed}`).toBeGreaterThanOrEqual(5);
  expect(rows.some((row) => row.attempts > 1)).toBe(true);
  expect(fake.requests()).toBeGreaterThan(600);
  await db.destroy();
}, 90_000);
