/**
 * Helpers for building atomic batches (src/deps.ts AtomicBatch): assertions that abort a batch when the
 * snapshot it was built from no longer holds, and a retry loop for that case.
 */
import { type CompiledQuery, type Expression, type SqlBool, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';

/**
 * A statement that aborts the batch unless `condition` holds when it runs. `condition` is a SQL boolean
 * expression, usually comparing a sub-select with a value read earlier.
 */
export function assertion(condition: Expression<SqlBool>): CompiledQuery {
  return sql`INSERT INTO batch_assertions (ok) SELECT 0 WHERE NOT (${condition})`.compile(compiler);
}

/** True for the error a failed assertion raises, on better-sqlite3 and on D1. */
export function isAssertionFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    /CHECK constraint failed: batch_assertion/i.test(`${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`)
  );
}

/** True for a UNIQUE constraint failure naming `index` (or any UNIQUE failure without `index`). */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`;
  if (!/UNIQUE constraint failed/i.test(text)) return false;
  return index === undefined || text.includes(index);
}

/**
 * Runs `attempt` until its batch commits: a failed assertion means another change landed between the
 * snapshot and the batch, so the attempt is rebuilt from a fresh snapshot after a short random pause.
 */
export async function retryOnStaleSnapshot<T>(attempt: () => Promise<T>, maxAttempts = 50): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isAssertionFailure(error) || tries >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * tries)));
    }
  }
}
