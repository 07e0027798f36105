import { describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/matching/generate.ts';
import { planVisitsExact } from '../../src/matching/exact.ts';
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
    // The exact mode runs in the thread: same plan as in-thread, and its result says what it proved.
    const inThread = await planVisitsExact(input);
    expect(plan.visits).toEqual(inThread.visits);
    expect(plan.stats.exact?.status).toBe(inThread.stats.exact?.status);
    expect(plan.quality.placedWeighted).toBeGreaterThanOrEqual(planVisits(input).quality.placedWeighted);
    expect(plan.weightedUpperBound).toBeGreaterThanOrEqual(plan.quality.placedWeighted);
    // The main thread kept ticking (every 5 ms) while the thread planned.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(plan.stats.elapsedMs / 50));
  });

  it('runs the heuristic alone when the exact mode is off', async () => {
    const input = { ...generateInstance({ requests: 60, hosts: 20, slots: 6, seed: 4 }), iterations: 5_000 };
    const plan = await planInWorkerThread(input, { exact: false });
    expect(plan.visits).toEqual(planVisits(input).visits);
    expect(plan.stats.exact).toBeUndefined();
  });

  it('rejects when the thread is killed by its hard timeout', async () => {
    const input = { ...generateInstance({ requests: 2_000, hosts: 300, slots: 16, seed: 3 }), timeBudgetMs: 20_000 };
    await expect(planInWorkerThread(input, { hardTimeoutMs: 200 })).rejects.toThrow(/timed out/);
  });
});
