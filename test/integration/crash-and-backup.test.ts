/**
 * Reliability under load, with the real server process:
 *  - crash: registrations pour in while the server is killed with SIGKILL and restarted several times;
 *    clients retry with their Idempotency-Key, as a browser resubmitting the form does. Afterwards every
 *    registration a client was told about exists, no other does, the database is intact, no session is
 *    over capacity, waiting lists have no gaps, and each registration has exactly one confirmation queued.
 *  - backup: an online backup taken during load restores to a database with the same invariants.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPACITY_EVENT, fixtureQueries } from '../support/fixtures.ts';
import { freePort, projectRoot, spawnCapturing, waitForHealth } from '../support/node-server.ts';
import { registrationBody } from '../support/registrations.ts';

const dir = mkdtempSync(join(tmpdir(), 'motesdagen-crash-'));
const databasePath = join(dir, 'crash.sqlite');
let port: number;
let server: ChildProcess | undefined;
/** Requests that found the server down: proof the kills hit traffic in flight. */
let interrupted = 0;

function start(): Promise<void> {
  const { child, output } = spawnCapturing(process.execPath, [join(projectRoot, 'bin/motesdagen.ts'), 'start'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_PATH: databasePath,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    },
  });
  server = child;
  return waitForHealth(`http://127.0.0.1:${port}`, child, output);
}

function kill(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

/**
 * One company registering: retries through crashes with the same key until it gets an answer. The answer names no
 * registration (the same 202 for every company), so a company is known by its contact's address.
 */
async function register(n: number): Promise<{ n: number; id: string; status: number }> {
  const input = registrationBody(n, [{ sessionIds: ['cap-10'] }, { sessionIds: ['cap-later'] }]);
  const body = JSON.stringify(input);
  const key = `crash-test-key-${n}-0000000000`;
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/events/${CAPACITY_EVENT}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      if (res.status === 202) return { n, id: input.contact.email, status: res.status };
      throw new Error(`unexpected ${res.status}: ${await res.text()}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('unexpected')) throw error;
      // Connection refused or reset: the server is down or restarting. Try again shortly.
      interrupted++;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  throw new Error(`registration ${n} never got an answer`);
}

async function registerAll(from: number, count: number, concurrency: number) {
  const results: { n: number; id: string; status: number }[] = [];
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < from + count) {
        const n = next++;
        results.push(await register(n));
      }
    }),
  );
  return results;
}

/** The invariants every state of the database must satisfy. */
function checkInvariants(path: string, expectedContacts?: Set<string>) {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const overCapacity = db
      .prepare(
        `SELECT s.id FROM sessions s WHERE (SELECT count(*) FROM session_places p WHERE p.session_id = s.id AND p.status = 'confirmed') > s.capacity`,
      )
      .all();
    expect(overCapacity).toEqual([]);
    const lists = db
      .prepare(`SELECT session_id, group_concat(waitlist_position) AS positions, count(*) AS n, max(waitlist_position) AS top, min(waitlist_position) AS bottom
                FROM session_places WHERE status = 'waitlisted' GROUP BY session_id`)
      .all() as { n: number; top: number; bottom: number }[];
    for (const list of lists) expect([list.bottom, list.top]).toEqual([1, list.n]);
    const registrations = db
      .prepare(`SELECT r.id, r.contact_email FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.slug = ?`)
      .all(CAPACITY_EVENT) as {
      id: string;
      contact_email: string;
    }[];
    const confirmations = new Map(
      (
        db.prepare(`SELECT to_address, count(*) AS n FROM outbox WHERE kind = 'registration_confirmed' GROUP BY to_address`).all() as {
          to_address: string;
          n: number;
        }[]
      ).map((r) => [r.to_address, r.n]),
    );
    for (const r of registrations) expect(confirmations.get(r.contact_email), r.contact_email).toBe(1);
    if (expectedContacts) expect(new Set(registrations.map((r) => r.contact_email))).toEqual(expectedContacts);
    return registrations.length;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  port = await freePort();
  await start();
  const db = new BetterSqlite3(databasePath);
  db.pragma('busy_timeout = 5000');
  db.transaction(() => {
    for (const q of fixtureQueries()) db.prepare(q.sql).run(...(q.parameters as unknown[]));
  })();
  db.close();
});
afterAll(async () => {
  await kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('under load', () => {
  it('survives SIGKILL and restarts with nothing lost, nothing invented and nothing sent twice', async () => {
    const load = registerAll(50_000, 240, 16);
    for (let round = 0; round < 4; round++) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      await kill();
      await start();
    }
    const results = await load;
    expect(interrupted, 'the kills interrupted requests in flight').toBeGreaterThan(0);
    expect(results).toHaveLength(240);
    const ids = new Set(results.map((r) => r.id));
    // Each company was registered once, whatever the retries.
    expect(ids.size).toBe(240);
    expect(checkInvariants(databasePath, ids)).toBe(240);
  });

  it('takes an online backup during load that restores to a consistent database', async () => {
    const backupPath = join(dir, 'backup.sqlite');
    let done = 0;
    const load = registerAll(60_000, 150, 12).then((r) => {
      done = r.length;
      return r;
    });
    await new Promise((r) => setTimeout(r, 150));
    execFileSync(process.execPath, [join(projectRoot, 'bin/motesdagen.ts'), 'backup', backupPath], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_PATH: databasePath },
      stdio: 'pipe',
    });
    expect(done, 'the backup ran while registrations were still coming in').toBe(0);
    await load;
    const inBackup = checkInvariants(backupPath);
    // Taken mid-load: it holds the earlier 240 and part of the new ones.
    expect(inBackup).toBeGreaterThanOrEqual(240);
    expect(inBackup).toBeLessThanOrEqual(390);
    expect(checkInvariants(databasePath)).toBe(390);
  });
});
