/**
 * The two database engines, opened the way each runtime opens them, for tests that must hold on both:
 * better-sqlite3 through src/runtime/node.ts, and D1 (miniflare's, as under `wrangler dev`) through
 * src/runtime/worker.ts's batch port, migrated by `wrangler d1 migrations apply`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import { Kysely, SqliteDialect } from 'kysely';
import { getPlatformProxy } from 'wrangler';
import { migrateSqlite } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { AtomicBatch, Deps } from '../../src/deps.ts';
import { planVisits } from '../../src/matching/index.ts';
import { d1Batch, d1Kysely } from '../../src/runtime/d1.ts';
import { openSqlite, sqliteBatch } from '../../src/runtime/node.ts';
import { projectRoot } from './node-server.ts';

export interface Engine {
  name: 'sqlite' | 'd1';
  db: Kysely<Database>;
  batch: AtomicBatch;
  close(): Promise<void>;
}

export async function openSqliteEngine(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'motesdagen-sqlite-'));
  const sqlite = openSqlite(join(dir, 'test.sqlite'));
  migrateSqlite(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    name: 'sqlite',
    db,
    batch: sqliteBatch(sqlite),
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

export async function openD1Engine(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'motesdagen-d1-'));
  const config = join(dir, 'wrangler.json');
  writeFileSync(
    config,
    JSON.stringify({
      name: 'motesdagen-test',
      compatibility_date: '2026-11-01',
      d1_databases: [{ binding: 'DB', database_name: 'test', database_id: 'test', migrations_dir: join(projectRoot, 'db/migrations') }],
    }),
  );
  const persistTo = join(dir, 'state');
  execFileSync(
    process.execPath,
    [
      join(projectRoot, 'node_modules/wrangler/bin/wrangler.js'),
      'd1',
      'migrations',
      'apply',
      'DB',
      '--local',
      '--persist-to',
      persistTo,
      '-c',
      config,
    ],
    {
      env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
      stdio: 'pipe',
    },
  );
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: config, persist: { path: join(persistTo, 'v3') }, envFiles: [] });
  const d1 = proxy.env.DB;
  const db = d1Kysely(d1 as never);
  return {
    name: 'd1',
    db,
    batch: d1Batch(d1 as never),
    async close() {
      await proxy.dispose();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/** The configuration a test that builds services on an engine uses: the defaults, with a link secret. */
export function testConfig(): Config {
  return loadConfig({ LINK_SECRET: 'a-test-link-secret-of-at-least-32-characters' }, 'http://localhost');
}

/**
 * Deps for services on an engine, as at the edge: nothing shared between requests. `batch` wraps the engine's
 * batch (e.g. to count refused batches or to fail after one commits).
 */
export function engineDeps(engine: Engine, batch: AtomicBatch = engine.batch): Deps {
  return {
    db: engine.db,
    batch,
    clock: { now: () => new Date() },
    config: testConfig(),
    planner: async (input) => planVisits(input),
    shareWorkAcrossRequests: false,
  };
}
