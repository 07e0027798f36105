// Entry of the planning thread started by matching-thread.ts: plan the input, post the plan back.
import { parentPort, workerData } from 'node:worker_threads';
import { planVisits } from '../matching/engine.ts';
import type { MatchingInput } from '../matching/types.ts';

parentPort?.postMessage(planVisits(workerData as MatchingInput));
