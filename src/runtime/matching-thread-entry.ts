// Entry of the planning thread started by matching-thread.ts: plan the input (exact mode unless turned off), post the
// plan back.
import { parentPort, workerData } from 'node:worker_threads';
import { planVisits } from '../matching/engine.ts';
import { type ExactOptions, planVisitsExact } from '../matching/exact.ts';
import type { MatchingInput } from '../matching/types.ts';

const { input, exact } = workerData as { input: MatchingInput; exact: ExactOptions | false };
parentPort?.postMessage(exact === false ? planVisits(input) : await planVisitsExact(input, exact));
