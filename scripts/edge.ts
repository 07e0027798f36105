/**
 * Runs the edge build locally: workerd through `wrangler dev` with a local D1 database, migrated with
 * `wrangler d1 migrations apply` and seeded with the demo event when empty. Works offline.
 *
 *   npm run dev:edge                 build, migrate, seed, serve on http://localhost:8787
 *   npm run dev:edge -- --port 9000  another port (PORT works too)
 *
 * The contract tests use the same functions to start their edge target.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inlineParameters } from '../db/compiler.ts';
import { demoEventQueries } from '../db/demo-event.ts';

const root = resolve(import.meta.dirname, '..');
const wranglerBin = join(root, 'node_modules/wrangler/bin/wrangler.js');
const edgeConfig = join(root, 'dist/edge/server/wrangler.json');
const quietEnv = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

function wrangler(args: string[]): string {
  return execFileSync(process.execPath, [wranglerBin, ...args, '-c', edgeConfig], {
    cwd: root,
    env: quietEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function buildEdge(): void {
  execFileSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: root,
    env: { ...process.env, MOTESDAGEN_TARGET: 'edge', ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
}

/** Applies migrations to the local D1 database under `persistTo` and seeds the demo event when it is empty. */
export function prepareEdgeDatabase(persistTo: string, now = new Date()): { seeded: boolean } {
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]);
  const answer = JSON.parse(
    wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', 'SELECT count(*) AS n FROM events']),
  ) as { results: { n: number }[] }[];
  if ((answer[0]?.results[0]?.n ?? 0) > 0) return { seeded: false };
  const dir = mkdtempSync(join(tmpdir(), 'motesdagen-seed-'));
  const file = join(dir, 'seed.sql');
  writeFileSync(
    file,
    `${demoEventQueries(now)
      .map((query) => `${inlineParameters(query)};`)
      .join('\n')}\n`,
  );
  try {
    executeEdgeSql(persistTo, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { seeded: true };
}

/** The local D1's link secret: made on first use, kept beside its data so links keep working across restarts. */
function localLinkSecret(persistTo: string): string {
  const file = join(persistTo, 'link-secret');
  if (!existsSync(file)) {
    mkdirSync(persistTo, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Runs one SQL statement against the local D1 database under `persistTo`; returns its rows. */
export function queryEdgeSql(persistTo: string, sql: string): Record<string, unknown>[] {
  const answer = JSON.parse(wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql])) as {
    results: Record<string, unknown>[];
  }[];
  return answer[0]?.results ?? [];
}

/** Runs a SQL file against the local D1 database under `persistTo`. */
export function executeEdgeSql(persistTo: string, file: string): void {
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file]);
}

/**
 * Starts `wrangler dev` on the built Worker; resolves once it answers /api/health. `config`: another wrangler
 * config than the build's (e.g. a copy with `limits` set).
 */
export async function startEdgeServer(options: {
  port: number;
  persistTo: string;
  vars?: Record<string, string>;
  config?: string;
  /** More `wrangler dev` flags, e.g. `--test-scheduled`. */
  args?: string[];
}): Promise<ChildProcess> {
  // Manage links are derived with LINK_SECRET (a Worker secret when deployed); locally one is kept per database.
  const vars = { LINK_SECRET: localLinkSecret(options.persistTo), ...options.vars };
  const varArgs = Object.entries(vars).flatMap(([key, value]) => ['--var', `${key}:${value}`]);
  const child = spawn(
    process.execPath,
    [
      wranglerBin,
      'dev',
      '-c',
      options.config ?? edgeConfig,
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--persist-to',
      options.persistTo,
      ...varArgs,
      ...(options.args ?? []),
    ],
    { cwd: root, env: quietEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${options.port}/api/health`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error(`wrangler dev did not answer within 60 s:\n${output}`);
}

if (import.meta.main) {
  const portFlag = process.argv.indexOf('--port');
  const port = Number(portFlag > 0 ? process.argv[portFlag + 1] : (process.env.PORT ?? 8787));
  const persistTo = resolve(root, '.wrangler/state');
  buildEdge();
  const { seeded } = prepareEdgeDatabase(persistTo);
  const child = await startEdgeServer({ port, persistTo });
  console.log(
    `\n  Mötesdagen (edge: workerd + local D1) is running${seeded ? ' with the demo event' : ''}.\n  Public site: http://localhost:${port}/\n  Local D1:    ${persistTo}\n`,
  );
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
}
