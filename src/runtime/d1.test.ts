import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type D1Like, d1Kysely } from './d1.ts';

/**
 * A fake D1: the first query never settles (a request cancelled inside workerd leaves its D1 call so),
 * every later one answers at once.
 */
function d1WhoseFirstCallHangs(): { d1: D1Like; calls: string[] } {
  const calls: string[] = [];
  const statement = (query: string) => ({
    bind: () => ({
      all: () => {
        calls.push(query);
        if (calls.length === 1) return new Promise(() => {});
        return Promise.resolve({ success: true, results: [{ ok: 1 }], meta: { changes: 0, last_row_id: 0 } });
      },
    }),
  });
  return { d1: { prepare: statement, batch: async () => [] } as unknown as D1Like, calls };
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, failed) => setTimeout(() => failed(new Error(`still waiting after ${ms} ms`)), ms))]);

describe('the D1 driver', () => {
  it('answers a query while another query never settles: no query waits on another', async () => {
    const { d1, calls } = d1WhoseFirstCallHangs();
    const db = d1Kysely(d1);
    const hung = sql`select 'hung'`.execute(db);
    void hung;
    const answer = await within(sql<{ ok: number }>`select 1 as ok`.execute(db), 1_000);
    expect(answer.rows).toEqual([{ ok: 1 }]);
    expect(calls).toHaveLength(2);
    // And again, many at once, with the first still hanging.
    const many = await within(Promise.all(Array.from({ length: 20 }, () => sql`select 1 as ok`.execute(db))), 1_000);
    expect(many).toHaveLength(20);
  });

  it('refuses interactive transactions', async () => {
    const { d1 } = d1WhoseFirstCallHangs();
    const db = d1Kysely(d1);
    await expect(db.transaction().execute(async () => 1)).rejects.toThrow(/no interactive transactions/);
  });
});
