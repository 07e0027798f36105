/**
 * The servers a benchmark measures, each in its own process so the load generator (this process) and the
 * server compete for the machine's cores as they would with real clients on the same box:
 *  - the production server (`bin/motesdagen.ts start` on the built site) with its own database;
 *  - the machine's ceiling: a bare Hono hello route on @hono/node-server (bench/http/hello-server.ts);
 *  - the edge build under `wrangler dev` (workerd + a local D1);
 *  - the edge's ceiling: a bare hello Worker under `wrangler dev` (bench/http/hello-worker.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { executeEdgeSql, prepareEdgeDatabase, startEdgeServer } from '../../scripts/edge.ts';
import { freePort, waitForHealth } from '../../test/support/node-server.ts';
import { BENCH_CAPACITY } from './fixture.ts';

export const projectRoot = resolve(import.meta.dirname, '../..');

export interface Running {
  baseUrl: string;
  /** Stops the process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  };
}

/** Benchmarks must never be throttled by the per-client write limit: every request comes from 127.0.0.1. */
export const UNLIMITED_WRITES = { RATE_LIMIT_WRITES_PER_MINUTE: '100000000' };

export function requireNodeBuild(): void {
  if (!existsSync(join(projectRoot, 'dist/node/server/entry.mjs'))) throw new Error('No production build: run `npm run build:node` first.');
}

/** The real server as a user starts it, on a free port, with `databasePath` (already prepared or empty). */
export async function startNode(options: { databasePath: string; env?: Record<string, string>; nodeArgs?: string[] }): Promise<Running> {
  requireNodeBuild();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(projectRoot, 'bin/motesdagen.ts'), 'start'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_PATH: options.databasePath,
      PUBLIC_URL: baseUrl,
      ...UNLIMITED_WRITES,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await waitForHealth(baseUrl, child, () => output);
  return { baseUrl, stop: stopper(child) };
}

/** The ceiling: the smallest Hono app on @hono/node-server. */
export async function startHello(): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(projectRoot, 'bench/http/hello-server.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, failed) => {
    child.once('exit', (code) => failed(new Error(`hello server exited (${code})`)));
    child.stdout?.once('data', () => ready());
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: stopper(child) };
}

/** The edge build (`npm run build:edge` first) under `wrangler dev`, with a fresh local D1 seeded with the demo. */
export async function startEdge(): Promise<Running & { persistTo: string }> {
  if (!existsSync(join(projectRoot, 'dist/edge/server/wrangler.json'))) throw new Error('No edge build: run `npm run build:edge` first.');
  const persistTo = mkdtempSync(join(tmpdir(), 'motesdagen-bench-edge-'));
  prepareEdgeDatabase(persistTo);
  const capacities = join(persistTo, 'capacity.sql');
  writeFileSync(capacities, `UPDATE sessions SET capacity = ${BENCH_CAPACITY};\n`);
  executeEdgeSql(persistTo, capacities);
  const port = await freePort();
  const child = await startEdgeServer({ port, persistTo, vars: UNLIMITED_WRITES });
  return { baseUrl: `http://127.0.0.1:${port}`, persistTo, stop: stopper(child) };
}

/** The edge's ceiling: a bare hello Worker (bench/http/hello-worker.ts) under `wrangler dev`, as the app is run. */
export async function startHelloWorker(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'motesdagen-bench-hello-worker-'));
  const config = join(dir, 'wrangler.json');
  writeFileSync(
    config,
    JSON.stringify({ name: 'hello', main: join(projectRoot, 'bench/http/hello-worker.ts'), compatibility_date: '2026-11-01' }),
  );
  const port = await freePort();
  const child = await startEdgeServer({ port, persistTo: dir, config });
  const stop = stopper(child);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
