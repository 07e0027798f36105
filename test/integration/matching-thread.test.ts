import { describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/matching/generate.ts';
import { checkPlan, planVisits } from '../../src/matching/index.ts';
import { planInWorkerThread } from '../../src/runtime/matching-thread.ts';

describe('planning in a worker thread', () => {
  it('returns the same plan as in-thread planning without blocking the event loop', async () => {
    const input = { ...generateInstance({ requests: 120, hosts: 30, slots: 8, seed: 3 }), iterations: 20_000 };
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const plan = await planInWorkerThread(input);
    clearInterval(ticker);
    expect(checkPlan(input, plan.visits)).toEqual([]);
    expect(plan.visits).toEqual(planVisits(input).visits);
    // The main thread kept ticking (every 5 ms) while the thread planned.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(plan.stats.elapsedMs / 50));
  });

  it('rejects when the thread is killed by its hard timeout', async () => {
    const input = { ...generateInstance({ requests: 2_000, hosts: 300, slots: 16, seed: 3 }), timeBudgetMs: 20_000 };
    await expect(planInWorkerThread(input, { hardTimeoutMs: 200 })).rejects.toThrow(/timed out/);
  });
});
