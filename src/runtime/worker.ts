/**
 * The edge runtime: this module is the Worker's `main` (wrangler.toml). D1 behind Kysely through our own
 * lock-free D1 dialect and the atomic batch as D1 `batch()` (d1.ts), shared reads from the Cache API
 * (edge-cache.ts), assets and Astro set-up through `cf()`, pages through `astro()`, and the cron trigger's
 * scheduled jobs (src/domain/jobs.ts). The only module that knows about Cloudflare.
 */
import { cf } from '@astrojs/cloudflare/hono';
import type { D1Database, ExportedHandler, Fetcher } from '@cloudflare/workers-types/index.ts';
import { astro, getFetchState } from 'astro/hono';
import { type App, createApp } from '../api/app.ts';
import { loadConfig } from '../config.ts';
import type { Deps } from '../deps.ts';
import { systemClock } from '../deps.ts';
import { logJobFailures, runAllJobs } from '../domain/jobs.ts';
import { createServices, type Services } from '../domain/services.ts';
import { DEFAULT_TIME_BUDGET_MS, defaultIterations, type MatchingInput, planVisits } from '../matching/index.ts';
import { d1Batch, d1Kysely } from './d1.ts';
import { type CacheLike, edgeReadCache } from './edge-cache.ts';

interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  [variable: string]: unknown;
}

function createWorkerDeps(env: Env, requestUrl: string): Deps {
  return {
    db: d1Kysely(env.DB),
    batch: d1Batch(env.DB),
    clock: systemClock,
    config: loadConfig(env, new URL(requestUrl).origin),
    // No threads at the edge: the engine runs in the request.
    planner: async (input) => planVisits({ ...input, iterations: edgeIterations(input) }),
    shareWorkAcrossRequests: false,
  };
}

/**
 * Workers freeze `Date.now()` while code runs (it moves only on I/O), so the engine's time budget cannot
 * stop a search here: the budget is turned into an iteration cap instead. One iteration costs about
 * 25 µs × (requests / 300)^0.7 of CPU (bench/matching: 22 µs at 300 requests, 49 µs at 1,000, 90 µs at
 * 3,000; the estimate errs high), so the cap keeps the search near its budget and far below the 30 s CPU
 * limit of a paid Worker, whatever the event's size.
 */
function edgeIterations(input: MatchingInput): number {
  const budgetMs = input.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const microsPerIteration = 25 * Math.max(1, input.requests.length / 300) ** 0.7;
  const cap = Math.max(1_000, Math.floor((budgetMs * 1000) / microsPerIteration));
  return Math.min(input.iterations ?? defaultIterations(input.requests.length), cap);
}

let reads: ReturnType<typeof edgeReadCache> | undefined;

/** The shared reads' cache (edge-cache.ts), where the Cache API exists. */
function readCache(): ReturnType<typeof edgeReadCache> | undefined {
  const cache = (globalThis as { caches?: { default?: CacheLike } }).caches?.default;
  if (!cache) return undefined;
  reads ??= edgeReadCache(cache);
  return reads;
}

let app: App | undefined;
let services: Services | undefined;

function servicesFor(env: Env, requestUrl: string): Services {
  // Bindings do not change within an isolate, so everything is composed once, on the first request. What
  // the isolate shares holds values, never a promise a request awaits: the D1 dialect has no connection lock
  // (d1.ts), places are decided by each batch's SQL (record 0011) and the outbox drain runs each call on its own
  // (shareWorkAcrossRequests).
  services ??= createServices(createWorkerDeps(env, requestUrl));
  return services;
}

function appFor(env: Env, requestUrl: string): App {
  app ??= createApp({
    services: servicesFor(env, requestUrl),
    assets: cf() as unknown as Parameters<typeof createApp>[0]['assets'],
    peerAddress: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
    renderPage: async (c, locals) => {
      Object.assign(getFetchState(c).locals, locals);
      return (await astro()(c, async () => {})) as Response;
    },
  });
  return app;
}

/**
 * Services for a cron tick: the isolate's own when a request has composed them, else a set for this tick
 * only (without a request there is no origin to fall back on, so links in email need PUBLIC_URL).
 */
function scheduledServices(env: Env): Services {
  if (services) return services;
  if (!env.PUBLIC_URL) console.warn('scheduled jobs: PUBLIC_URL is not set; links in reminders point at http://localhost');
  return createServices(createWorkerDeps(env, 'http://localhost'));
}

export default {
  /** The cron trigger (wrangler.toml, every minute): the scheduled jobs, the same module the Node process runs. */
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(runAllJobs(scheduledServices(env)).then((reports) => logJobFailures(reports)));
  },
  async fetch(request, env, ctx) {
    // Workers' Request type and the DOM's differ only in Cloudflare extras Hono does not use.
    const domRequest = request as unknown as Request;
    if (domRequest.method === 'HEAD') {
      // HEAD is GET without the body. Hono would drop the page's body stream unread, which takes workerd down with
      // it (every later request fails): the page is rendered to its end here and its body left out.
      const answer = await appFor(env, request.url).fetch(new Request(domRequest, { method: 'GET' }), env, ctx);
      await answer.arrayBuffer().catch(() => undefined);
      return new Response(null, { status: answer.status, statusText: answer.statusText, headers: answer.headers }) as unknown as Awaited<
        ReturnType<ExportedHandler<Env>['fetch'] & {}>
      >;
    }
    const answer = () => Promise.resolve(appFor(env, request.url).fetch(domRequest, env, ctx));
    const cache = readCache();
    return (cache ? cache.serve(domRequest, ctx, answer) : answer()) as unknown as ReturnType<ExportedHandler<Env>['fetch'] & {}>;
  },
} satisfies ExportedHandler<Env>;
