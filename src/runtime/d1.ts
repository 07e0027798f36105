/**
 * D1 behind the core's ports: Kysely through our own small D1 dialect, and the atomic batch as D1
 * `batch()`, which runs its statements as one transaction. Part of the edge runtime; kept apart from
 * worker.ts so tests can exercise it on a local D1 without loading the Worker's Cloudflare-only modules.
 *
 * Why not kysely-d1 (docs/decisions/0005-d1-driver-without-a-connection-lock.md): its dialect uses Kysely's
 * SqliteAdapter, which says `supportsMultipleConnections: false`, so Kysely's RuntimeDriver puts every query
 * behind one ConnectionMutex. A Worker builds one Kysely per isolate, so every query of every request waited
 * on a promise that another request's D1 call settled; when that call never settled (a request cancelled
 * inside workerd), the isolate hung for good. D1 has no connection to guard: each query is its own call.
 * Here every `acquireConnection` returns a fresh, stateless connection and no lock exists.
 */
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AtomicBatch } from '../deps.ts';

/** D1 as far as this module uses it; a fake in tests needs only this much. */
export type D1Like = Pick<D1Database, 'prepare' | 'batch'>;

const NO_TRANSACTIONS =
  'D1 has no interactive transactions: write with one conditional statement or the atomic batch port (docs/decisions/0001)';

/** SQLite's SQL and introspection, but no single-connection lock: Kysely adds its mutex only when this is false. */
export class D1Adapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

/** One D1 query per call: nothing is held between queries, so a connection needs no state and no lock. */
class D1Connection implements DatabaseConnection {
  readonly #d1: D1Like;
  constructor(d1: D1Like) {
    this.#d1 = d1;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#d1
      .prepare(query.sql)
      .bind(...(query.parameters as unknown[]))
      .all<R>();
    if (result.error) throw new Error(String(result.error));
    const changes = result.meta?.changes ?? 0;
    const lastRowId = result.meta?.last_row_id;
    return {
      rows: result.results ?? [],
      // As kysely-d1 reported it, so callers see the same numbers as before: undefined when nothing changed.
      numAffectedRows: changes > 0 ? BigInt(changes) : undefined,
      insertId: lastRowId === undefined || lastRowId === null ? undefined : BigInt(lastRowId),
    };
  }

  // biome-ignore lint/correctness/useYield: a generator that only refuses
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('D1 cannot stream query results');
  }
}

export class D1Driver implements Driver {
  readonly #d1: D1Like;
  constructor(d1: D1Like) {
    this.#d1 = d1;
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new D1Connection(this.#d1);
  }
  async beginTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async commitTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

export class D1Dialect implements Dialect {
  readonly #d1: D1Like;
  constructor(d1: D1Like) {
    this.#d1 = d1;
  }
  createAdapter(): DialectAdapter {
    return new D1Adapter();
  }
  createDriver(): Driver {
    return new D1Driver(this.#d1);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

export function d1Kysely(d1: D1Like): Kysely<Database> {
  return new Kysely<Database>({ dialect: new D1Dialect(d1) });
}

export function d1Batch(d1: D1Like): AtomicBatch {
  return {
    async run(queries) {
      if (!queries.length) return [];
      const results = await d1.batch(queries.map((query) => d1.prepare(query.sql).bind(...(query.parameters as unknown[]))));
      return results.map((result) => ({
        rows: (result.results ?? []) as Record<string, unknown>[],
        changes: result.meta?.changes ?? 0,
      }));
    },
  };
}
