/**
 * D1 behind the core's ports: Kysely through kysely-d1, and the atomic batch as D1 `batch()`, which runs
 * its statements as one transaction. Part of the edge runtime; kept apart from worker.ts so tests can
 * exercise it on a local D1 without loading the Worker's Cloudflare-only modules.
 */
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import type { Database } from '../../db/schema.ts';
import type { AtomicBatch } from '../deps.ts';

export function d1Kysely(d1: D1Database): Kysely<Database> {
  return new Kysely<Database>({ dialect: new D1Dialect({ database: d1 as never }) });
}

export function d1Batch(d1: D1Database): AtomicBatch {
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
