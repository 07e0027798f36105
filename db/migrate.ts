/**
 * Applies db/migrations/*.sql to a better-sqlite3 database and records each in `d1_migrations`, the table
 * and columns `wrangler d1 migrations apply` uses, so one set of files serves both engines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

export const migrationsDir = new URL('./migrations/', import.meta.url).pathname;

/** Applies the migrations not yet recorded, each in its own transaction; returns the names applied. */
export function migrateSqlite(sqlite: BetterSqlite3.Database, dir = migrationsDir): string[] {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`);
  const applied = new Set(sqlite.prepare('SELECT name FROM d1_migrations').pluck().all() as string[]);
  const pending = readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .filter((name) => !applied.has(name));
  const record = sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)');
  for (const name of pending) {
    const sql = readFileSync(join(dir, name), 'utf8');
    sqlite.transaction(() => {
      sqlite.exec(sql);
      record.run(name);
    })();
  }
  return pending;
}
