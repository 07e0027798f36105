/**
 * The ports the runtime-agnostic core depends on. Each runtime (src/runtime/node.ts, src/runtime/worker.ts)
 * builds one `Deps`; nothing in the core knows which engine or platform is behind it.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Config } from './config.ts';
import type { MatchingInput, Plan } from './matching/index.ts';

export interface Clock {
  now(): Date;
}

export interface BatchResult {
  rows: Record<string, unknown>[];
  /**
   * Whether the statement changed rows: 0 when it changed none (and for a SELECT). Compare with 0 only: D1
   * also counts rows that triggers changed (session_places keeps its session's counts, migration 0007),
   * SQLite counts the statement's own rows.
   */
  changes: number;
}

/**
 * Runs compiled statements all-or-nothing, in order, with nothing else interleaved: a D1 `batch()` at the
 * edge, a better-sqlite3 transaction on Node. This is how a change and its outbox messages are written
 * together, since D1 offers no interactive transactions (docs/decisions/0001-runtimes-and-atomic-batches.md).
 */
export interface AtomicBatch {
  run(queries: readonly CompiledQuery[]): Promise<BatchResult[]>;
}

/** Runs the visit-matching engine: off the request thread on Node, in-request at the edge. */
export type Planner = (input: MatchingInput) => Promise<Plan>;

/**
 * A value that changes whenever the database's data may have changed, by this process or any other. Only
 * where it is cheap and certain (SQLite on Node); without it nothing is cached (src/domain/fresh-cache.ts).
 */
export type DataVersion = () => string;

export interface Deps {
  db: Kysely<Database>;
  batch: AtomicBatch;
  clock: Clock;
  config: Config;
  planner: Planner;
  dataVersion?: DataVersion;
  /**
   * Whether a request may wait on work another request started (a shared outbox drain). Not on
   * Workers (false there): a request awaiting another request's I/O is cancelled as hung ("the Worker's
   * code had hung and would never generate a response"). Default true.
   */
  shareWorkAcrossRequests?: boolean;
}

export const systemClock: Clock = { now: () => new Date() };
