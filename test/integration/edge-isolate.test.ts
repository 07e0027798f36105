/**
 * At the edge one isolate serves many requests at once, with one set of services. No request may wait on
 * a promise another request settles: when a client goes away, workerd cancels its request, and whatever
 * that request's I/O would have settled never settles. Requests cancelled mid-flight must leave the isolate
 * answering everything else (src/runtime/d1.ts, docs/decisions/0005-d1-driver-without-a-connection-lock.md).
 *
 * Runs the built Worker (`npm run build:edge`) under `wrangler dev` with a local D1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeTarget } from '../support/edge-server.ts';
import type { RunningServer } from '../support/node-server.ts';

let edge: RunningServer;

beforeAll(async () => {
  edge = await startEdgeTarget();
}, 120_000);

afterAll(async () => {
  await edge?.stop();
});

const get = (path: string, signal?: AbortSignal) => fetch(`${edge.baseUrl}${path}`, { signal });

/** Answers within `ms`, or the test fails with what it was waiting for (a hung isolate never answers). */
async function answers(path: string, ms = 15_000): Promise<Response> {
  const response = await get(path, AbortSignal.timeout(ms)).catch((error: unknown) => {
    throw new Error(`${path} gave no answer within ${ms} ms (${String(error)})`);
  });
  await response.arrayBuffer();
  return response;
}

describe('an isolate after requests cancelled mid-flight', () => {
  it('still answers the health check, the event page and the event API', async () => {
    const { events } = (await (await get('/api/events', AbortSignal.timeout(15_000))).json()) as { events: { slug: string }[] };
    const slug = events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug;
    expect(slug).toBeDefined();
    // Paths that read D1 on every request: a query string keeps the event page and API out of the edge's
    // cache (src/runtime/edge-cache.ts), which would otherwise answer them without a query.
    const paths = [`/?round`, `/api/events/${slug}?round`, '/api/events', '/api/health', `/anmalan/${slug}`];

    for (let round = 0; round < 20; round++) {
      // Many requests at once on one isolate; most are abandoned by their client while in flight.
      const controllers = Array.from({ length: 100 }, () => new AbortController());
      const inFlight = controllers.map((controller, i) =>
        get(paths[i % paths.length] as string, controller.signal)
          .then((r) => r.arrayBuffer())
          .catch(() => undefined),
      );
      await new Promise((r) => setTimeout(r, 1 + (round % 10) * 4));
      controllers.forEach((controller, i) => {
        if (i % 4 !== 0) controller.abort();
      });
      await Promise.all(inFlight);

      for (const path of ['/api/health', '/?after', `/api/events/${slug}?after`]) {
        const response = await answers(path);
        expect(response.status, `${path} after round ${round + 1}`).toBe(200);
      }
    }
  });
});
