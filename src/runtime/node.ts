/**
 * The Node runtime: better-sqlite3 (WAL) behind Kysely, the atomic batch as a better-sqlite3 transaction,
 * static files from the Astro client build, and pages through Astro's Node handler in middleware mode,
 * all behind @hono/node-server. The only module of the server that imports better-sqlite3 or node:*.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ServerType, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { demoEventQueries } from '../../db/demo-event.ts';
import { migrateSqlite } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import { type App, createApp, type PageLocals } from '../api/app.ts';
import { sharedPageKey } from '../api/page-cache.ts';
import { loadConfig } from '../config.ts';
import type { AtomicBatch, BatchResult, Clock, Deps } from '../deps.ts';
import { systemClock } from '../deps.ts';
import { newSecret } from '../domain/ids.ts';
import { createServices } from '../domain/services.ts';
import { planInWorkerThread } from './matching-thread.ts';

export const projectRoot = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const nodeBuild = resolve(projectRoot, 'dist/node');

/** Opens (creating if needed) a SQLite file with the settings every connection here must have. */
export function openSqlite(path: string): BetterSqlite3.Database {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: a commit is an append to the WAL without fsync (durable across a crash of the process,
  // the last commits may be lost on power loss); fsync happens only at checkpoints.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MB page cache instead of 2 MB: the hot indexes and the outbox's tail stay in memory as the database
  // grows, so reads and index updates do not go back to the file (docs/benchmarks.md, "Cost growth").
  sqlite.pragma('cache_size = -65536');
  // Sorting and grouping without an index (e.g. ORDER BY on small result sets) never touches a temp file.
  sqlite.pragma('temp_store = MEMORY');
  // Reads of pages not in the cache are memory-mapped instead of copied by read(2) (256 MB of the file).
  sqlite.pragma('mmap_size = 268435456');
  // Checkpoints run in a background thread (see sqliteBatch); this is only the safety net should that
  // thread fall behind: past ~40 MB of WAL a committing connection checkpoints itself, as by default.
  sqlite.pragma('wal_autocheckpoint = 10000');
  // A WAL file grown under load is truncated back to this size once it has been checkpointed.
  sqlite.pragma('journal_size_limit = 67108864');
  return sqlite;
}

const statementCaches = new WeakMap<BetterSqlite3.Database, (sql: string) => BetterSqlite3.Statement>();

/**
 * Prepared statements of one connection, by SQL text, shared by Kysely's reads and the atomic batch.
 * Preparing costs more than running most of the queries here, and their shapes repeat. Bounded, since
 * IN-lists make some texts vary; a statement still being iterated is never handed out twice.
 */
export function statementCache(sqlite: BetterSqlite3.Database): (sql: string) => BetterSqlite3.Statement {
  let prepare = statementCaches.get(sqlite);
  if (!prepare) {
    const statements = new Map<string, BetterSqlite3.Statement>();
    prepare = (sql) => {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (!cached) {
        if (statements.size >= 500) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement;
    };
    statementCaches.set(sqlite, prepare);
  }
  return prepare;
}

/** better-sqlite3 as Kysely's SqliteDialect sees it, with prepared statements reused. */
function cachingDatabase(sqlite: BetterSqlite3.Database) {
  const prepare = statementCache(sqlite);
  return {
    close: () => {
      checkpointThreads.get(sqlite)?.();
      sqlite.close();
    },
    prepare,
  };
}

/** Ends a connection's checkpoint thread, if it has one: its work goes with the connection. */
const checkpointThreads = new WeakMap<BetterSqlite3.Database, () => void>();

// The checkpoint thread: its own connection to the same file, copying the WAL back into the database
// (and fsyncing it) when asked, so that work never blocks the event loop that serves requests.
const checkpointThread = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
parentPort.on('message', () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  parentPort.postMessage('done');
});`;

/**
 * Asks a background thread to checkpoint the WAL every few commits. Started on first need and ended when
 * writes stop for a while, so short-lived users (commands, tests) never start one. Without it, every
 * ~1,000th page written paid a checkpoint with fsync inside a request: 60 % of a registration's time here.
 */
function backgroundCheckpoints(sqlite: BetterSqlite3.Database): () => void {
  if (sqlite.memory) return () => {};
  let worker: Worker | undefined;
  let running = false;
  let commits = 0;
  let idle: NodeJS.Timeout | undefined;
  return () => {
    if (++commits % 16 !== 0 || running) return;
    if (!worker) {
      const thread = new Worker(checkpointThread, {
        eval: true,
        workerData: { path: resolve(sqlite.name), driver: createRequire(import.meta.url).resolve('better-sqlite3') },
      });
      thread.unref();
      thread.on('message', () => {
        running = false;
      });
      // Should the thread fail, the connection's own autocheckpoint still bounds the WAL.
      thread.on('error', () => undefined);
      thread.on('exit', () => {
        if (worker === thread) worker = undefined;
        running = false;
      });
      worker = thread;
      checkpointThreads.set(sqlite, () => void thread.terminate());
    }
    running = true;
    worker.postMessage('checkpoint');
    clearTimeout(idle);
    idle = setTimeout(() => void worker?.terminate(), 10_000).unref();
  };
}

/** The atomic batch port on better-sqlite3: one synchronous transaction, so nothing interleaves. */
export function sqliteBatch(sqlite: BetterSqlite3.Database): AtomicBatch {
  const prepare = statementCache(sqlite);
  const checkpoint = backgroundCheckpoints(sqlite);
  const runAll = sqlite.transaction((queries: readonly CompiledQuery[]): BatchResult[] =>
    queries.map((query) => {
      const statement = prepare(query.sql);
      const parameters = query.parameters as unknown[];
      if (statement.reader) return { rows: statement.all(...parameters) as Record<string, unknown>[], changes: 0 };
      return { rows: [], changes: statement.run(...parameters).changes };
    }),
  );
  return {
    run: async (queries) => {
      if (!queries.length) return [];
      const results = runAll(queries);
      checkpoint();
      return results;
    },
  };
}

export interface NodeDepsOptions {
  databasePath: string;
  env: Record<string, string | undefined>;
  publicUrl: string;
  clock?: Clock;
}

export function createNodeDeps(options: NodeDepsOptions): Deps & { sqlite: BetterSqlite3.Database } {
  const linkSecret = options.env.LINK_SECRET || readOrCreateLinkSecret(options.databasePath);
  const config = loadConfig({ ...options.env, LINK_SECRET: linkSecret }, options.publicUrl);
  const sqlite = openSqlite(options.databasePath);
  migrateSqlite(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(sqlite) }) });
  return {
    db,
    batch: sqliteBatch(sqlite),
    clock: options.clock ?? systemClock,
    config,
    sqlite,
    planner: (input) => planInWorkerThread(input),
    dataVersion: sqliteDataVersion(sqlite),
  };
}

/**
 * The key for manage links when LINK_SECRET is unset: made once, kept in a file beside the database (readable by
 * its owner only) and not inside it, so a copy of the database alone yields no working link. Back it up with the
 * database: without it, the links already sent stop working.
 */
function readOrCreateLinkSecret(databasePath: string): string {
  const file = join(dirname(resolve(databasePath)), 'link-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${newSecret()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made it a moment earlier: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * Changes with every write: `total_changes()` counts this connection's rows written (triggers included;
 * a rolled-back write counts too, which only costs a needless recompute), and `data_version` moves when
 * another connection (a CLI command, a second process) commits.
 */
function sqliteDataVersion(sqlite: BetterSqlite3.Database): () => string {
  const read = sqlite.prepare('SELECT total_changes() AS t, (SELECT data_version FROM pragma_data_version()) AS d');
  return () => {
    const row = read.get() as { t: number; d: number };
    return `${row.t}:${row.d}`;
  };
}

/** Seeds the demo event when the database has no event at all; returns whether it did. */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  const any = await deps.db.selectFrom('events').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await deps.batch.run(demoEventQueries(deps.clock.now()));
  return true;
}

type AstroNodeHandler = (req: IncomingMessage, res: ServerResponse, next: (() => void) | undefined, locals: PageLocals) => Promise<void>;

async function loadAstroHandler(): Promise<AstroNodeHandler> {
  const entry = resolve(nodeBuild, 'server/entry.mjs');
  if (!existsSync(entry)) throw new Error(`No site build at ${entry}: run \`npm run build\` first.`);
  const module = (await import(pathToFileURL(entry).href)) as { handler: AstroNodeHandler };
  return module.handler;
}

type NodeBindings = { Bindings: { incoming: IncomingMessage; outgoing: ServerResponse } };

interface RenderedPage {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** Keeps a copy of what is written to the response; returns a function that gives the whole body. */
function captureBody(outgoing: ServerResponse): () => Buffer {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array),
    );
  };
  const write = outgoing.write.bind(outgoing) as (...args: unknown[]) => boolean;
  const end = outgoing.end.bind(outgoing) as (...args: unknown[]) => ServerResponse;
  outgoing.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  outgoing.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  return () => Buffer.concat(chunks);
}

/** The Hono front door with Node's asset server and page renderer. */
export async function createNodeApp(deps: Deps, services = createServices(deps)): Promise<App> {
  const astroHandler = await loadAstroHandler();
  return createApp({
    services,
    assets: serveStatic({ root: resolve(nodeBuild, 'client') }),
    peerAddress: (c) => (c as unknown as { env: NodeBindings['Bindings'] }).env.incoming.socket.remoteAddress ?? 'unknown',
    renderPage: async (c, locals, headers) => {
      const { incoming, outgoing } = (c as unknown as { env: NodeBindings['Bindings'] }).env;
      const key = sharedPageKey(c);
      const cached = key ? services.cache.lookup<RenderedPage>(key) : undefined;
      if (cached) {
        outgoing.writeHead(cached.status, cached.headers).end(cached.body);
        return RESPONSE_ALREADY_SENT;
      }
      for (const [name, value] of Object.entries(headers)) outgoing.setHeader(name, value);
      // The body limit has already read the socket: Astro takes the body from here instead (it honours `body`).
      const bufferedBody = c.get('bufferedBody');
      if (bufferedBody)
        (incoming as IncomingMessage & { body?: Buffer }).body = Buffer.from(
          bufferedBody.buffer,
          bufferedBody.byteOffset,
          bufferedBody.byteLength,
        );
      const snapshot = key ? services.cache.snapshot() : undefined;
      const body = key && snapshot !== undefined ? captureBody(outgoing) : undefined;
      // Astro writes straight to the Node response: no Request/Response copying for pages.
      await new Promise<void>((done, failed) => {
        outgoing.once('finish', done);
        outgoing.once('close', done);
        // No `next`: unmatched paths then render Astro's 404 page, as at the edge (the 404 page must
        // not depend on locals, which Astro does not pass on that path).
        astroHandler(incoming, outgoing, undefined, locals).catch(failed);
      });
      if (key && body && outgoing.statusCode === 200 && !outgoing.hasHeader('set-cookie')) {
        services.cache.store(key, { status: 200, headers: outgoing.getHeaders(), body: body() }, snapshot);
      }
      return RESPONSE_ALREADY_SENT;
    },
  });
}

/**
 * Hono answers HEAD by running GET and copying its answer into a new Response without a body. For a page that
 * Astro already wrote to the socket, that copy would make @hono/node-server write the headers a second time
 * (ERR_HTTP_HEADERS_SENT): the page is sent already, and Node leaves the body out of an answer to HEAD itself.
 */
function fetchWithHead(app: App): App['fetch'] {
  return async (request, env, ctx) => {
    const response = await app.fetch(request, env, ctx);
    if (request.method === 'HEAD' && response.headers.has('x-hono-already-sent')) return RESPONSE_ALREADY_SENT;
    return response;
  };
}

export function listen(app: App, port: number, hostname = '0.0.0.0'): Promise<ServerType> {
  return new Promise((ready) => {
    const server = serve({ fetch: fetchWithHead(app), port, hostname }, () => ready(server));
  });
}
