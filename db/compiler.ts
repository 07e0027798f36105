/**
 * A Kysely that only compiles queries (no connection). Used to build statement lists for the atomic batch
 * port and SQL files for `wrangler d1 execute`, the same statements on both engines.
 */
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { Database } from './schema.ts';

export const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/** Renders a compiled query as one SQL statement with its parameters inlined as literals. */
export function inlineParameters(query: { sql: string; parameters: readonly unknown[] }): string {
  let index = 0;
  return query.sql.replace(/\?/g, () => {
    const value = query.parameters[index++];
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    if (typeof value === 'boolean') return value ? '1' : '0';
    return `'${String(value).replaceAll("'", "''")}'`;
  });
}
