/**
 * Starts the real Node server (bin/motesdagen.ts start) on a free port with its own database, as a user
 * would run it, and stops it afterwards.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';

export const projectRoot = resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer within ${timeoutMs} ms:\n${output()}`);
}

export interface RunningServer {
  baseUrl: string;
  /** Runs compiled statements against the server's own database (test fixtures). */
  apply(queries: CompiledQuery[]): Promise<void>;
  stop(): Promise<void>;
}

/** Spawns a process with its standard output and error collected into one text, for waiting and asserting on. */
export function spawnCapturing(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

/** `databasePath`: the server's own SQLite file (tests that need rows the UI cannot make, e.g. other organisers' sessions). */
export async function startNodeServer(env: Record<string, string> = {}): Promise<RunningServer & { databasePath: string }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'motesdagen-node-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const databasePath = join(dir, 'test.sqlite');
  const { child, output } = spawnCapturing(process.execPath, [join(projectRoot, 'bin/motesdagen.ts'), 'start'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), DATABASE_PATH: databasePath, PUBLIC_URL: baseUrl, ...env },
  });
  await waitForHealth(baseUrl, child, output);
  return {
    baseUrl,
    databasePath,
    async apply(queries) {
      const sqlite = new BetterSqlite3(databasePath);
      sqlite.pragma('busy_timeout = 5000');
      sqlite.transaction(() => {
        for (const q of queries) sqlite.prepare(q.sql).run(...(q.parameters as unknown[]));
      })();
      sqlite.close();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
