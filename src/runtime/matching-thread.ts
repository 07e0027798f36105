import { Worker } from 'node:worker_threads';
import type { ExactOptions } from '../matching/exact.ts';
import { type MatchingInput, type Plan, timeBudgetOf } from '../matching/index.ts';

/** Options for a planning run in a worker thread. */
export interface PlanInWorkerOptions {
  /** Kill the thread after this long (default: the input's time budget + 30 s; 10 minutes for a run capped only by iterations). */
  hardTimeoutMs?: number;
  /** Heap cap of the thread in MB (default 512). */
  maxHeapMb?: number;
  /**
   * The exact mode (HiGHS, docs/decisions/0012): proves the heuristic's plan optimal or improves it, within the
   * input's time budget. Default on; `false` runs the heuristic alone.
   */
  exact?: ExactOptions | false;
}

/**
 * Runs the visit-matching engine in a `node:worker_threads` Worker, so a long plan never blocks the HTTP server's
 * event loop, with the exact mode on top. One thread per call; it ends when the plan is posted back. Node only: on
 * Workers the heuristic runs in-request with a time budget under the CPU limit.
 */
export function planInWorkerThread(input: MatchingInput, options: PlanInWorkerOptions = {}): Promise<Plan> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./matching-thread-entry.ts', import.meta.url), {
      workerData: { input, exact: options.exact ?? {} },
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
    });
    let settled = false;
    const finish = (error: Error | null, plan?: Plan) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error) reject(error);
      else resolve(plan!);
    };
    const timer = setTimeout(
      () => finish(new Error('visit planning timed out')),
      options.hardTimeoutMs ?? Math.min(timeBudgetOf(input) + 30_000, 600_000),
    );
    worker.once('message', (plan: Plan) => finish(null, plan));
    worker.once('error', (error) => finish(error));
    worker.once('exit', (code) => finish(new Error(`visit planning thread exited with code ${code}`)));
  });
}
