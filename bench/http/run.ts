/**
 * HTTP benchmark of the production build: the event page, the registration page, the event API and
 * registrations by distinct generated companies, at 1, 10 and 50 connections, beside a bare Hono hello
 * route (the machine's ceiling) measured in the same run; at the edge also beside a bare hello Worker under
 * `wrangler dev` (the edge's ceiling on this machine). Writes its tables into docs/benchmarks.md.
 *
 *   node_modules/.bin/node bench/http/run.ts [--target node|edge|both] [--runs 3] [--duration 10] [--warmup 3]
 *                                            [--connections 1,10,50] [--no-write] [--profile DIR]
 *
 * Needs `npm run build:node` (and `npm run build:edge` for the edge). `--profile DIR` runs the Node server
 * with --cpu-prof and writes the profile to DIR (summarise with bench/http/profile-summary.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type PublicEvent, prepareDatabase, registrationInput } from '../lib/fixture.ts';
import { type Load, type Measurement, measure } from '../lib/load.ts';
import { fmt, machineLine, median, today } from '../lib/machine.ts';
import { table, writeSection } from '../lib/report.ts';
import { projectRoot, type Running, startEdge, startHello, startHelloWorker, startNode } from '../lib/servers.ts';

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '1,10,50' },
    'no-write': { type: 'boolean', default: false },
    profile: { type: 'string' },
    only: { type: 'string' },
  },
});
const runs = Number(args.runs);
const seconds = Number(args.duration);
const warmupSeconds = Number(args.warmup);
const connectionLevels = args.connections.split(',').map(Number);

interface Scenario {
  name: string;
  /** Target as a predicate on the median at 50 connections (or any level for page targets), with its text. */
  target?: { text: string; connections: number; met: (m: Measurement, ceiling: Measurement | undefined) => boolean };
  load: (event: PublicEvent) => Load;
}

let company = 0;
const scenarios: Scenario[] = [
  {
    name: 'event page `/`',
    target: { text: '≥ 2,000 req/s', connections: 50, met: (m) => m.requestsPerSecond >= 2000 },
    load: () => ({ path: '/' }),
  },
  {
    // No target: the form is rendered for each visitor (it carries its own idempotency key).
    name: 'registration page `/anmalan/{slug}`',
    load: (event) => ({ path: `/anmalan/${event.slug}` }),
  },
  {
    name: '`GET /api/events/{slug}`',
    target: {
      text: '≥ 50 % of ceiling',
      connections: 50,
      met: (m, ceiling) => ceiling !== undefined && m.requestsPerSecond >= 0.5 * ceiling.requestsPerSecond,
    },
    load: (event) => ({ path: `/api/events/${event.slug}` }),
  },
  {
    name: '`POST /api/events/{slug}/registrations`',
    target: { text: '≥ 3,000 req/s, p99 < 50 ms', connections: 50, met: (m) => m.requestsPerSecond >= 3000 && m.p99 < 50 },
    load: (event) => ({
      path: `/api/events/${event.slug}/registrations`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A new company for every request: each one is a real registration, never `already_registered`.
      body: () => JSON.stringify(registrationInput(event, company++)),
    }),
  },
];

type Results = Map<string, Map<number, Measurement[]>>;

function record(results: Results, name: string, connections: number, m: Measurement) {
  const byLevel = results.get(name) ?? new Map<number, Measurement[]>();
  results.set(name, byLevel);
  byLevel.set(connections, [...(byLevel.get(connections) ?? []), m]);
}

/** The run with the median req/s (its latencies with it, so each row is one real measurement). */
function medianRun(list: Measurement[]): Measurement {
  const m = median(list.map((x) => x.requestsPerSecond));
  return list.find((x) => x.requestsPerSecond === m) as Measurement;
}

async function loadEvent(server: Running): Promise<PublicEvent & { bytes: number }> {
  const slug = ((await (await fetch(`${server.baseUrl}/api/events`)).json()) as { events: { slug: string }[] }).events[0]?.slug;
  if (!slug) throw new Error('no published event');
  const body = await (await fetch(`${server.baseUrl}/api/events/${slug}`)).text();
  return { ...(JSON.parse(body) as PublicEvent), bytes: Buffer.byteLength(body) };
}

const CEILING = 'ceiling: bare Hono hello on @hono/node-server';
// The same bare server answering as many bytes as the event API does: what moving that answer through
// the loopback and the load generator costs on this machine, without any of the app.
const SIZED_CEILING = 'ceiling: bare Hono, as many bytes as the event API';
// The edge's own ceiling: a bare Worker under `wrangler dev` (workerd and wrangler's proxy, no app, no D1).
const EDGE_CEILING = 'edge ceiling: bare hello Worker under wrangler dev';
const EDGE_SIZED_CEILING = 'edge ceiling: bare Worker, as many bytes as the event API';

async function benchTarget(label: string, server: Running, hello: Running | undefined, helloWorker?: Running): Promise<Results> {
  const event = await loadEvent(server);
  const chosen = scenarios.filter((s) => !args.only || args.only.split(',').some((o) => s.name.includes(o)));
  const results: Results = new Map();
  const warm = async (baseUrl: string, load: Load) => {
    if (warmupSeconds > 0) await measure(baseUrl, load, 10, warmupSeconds);
  };
  if (hello) await warm(hello.baseUrl, { path: '/' });
  if (helloWorker) await warm(helloWorker.baseUrl, { path: '/' });
  for (const s of chosen) await warm(server.baseUrl, s.load(event));
  for (let run = 1; run <= runs; run++) {
    for (const connections of connectionLevels) {
      if (hello) {
        const m = await measure(hello.baseUrl, { path: '/' }, connections, seconds);
        record(results, CEILING, connections, m);
        console.log(`[${label}] run ${run} c=${connections} ceiling: ${fmt(m.requestsPerSecond)} req/s p99 ${m.p99} ms`);
        const sized = await measure(hello.baseUrl, { path: `/bytes/${event.bytes}` }, connections, seconds);
        record(results, SIZED_CEILING, connections, sized);
        console.log(`[${label}] run ${run} c=${connections} sized ceiling: ${fmt(sized.requestsPerSecond)} req/s p99 ${sized.p99} ms`);
      }
      if (helloWorker) {
        for (const [name, path] of [
          [EDGE_CEILING, '/'],
          [EDGE_SIZED_CEILING, `/bytes/${event.bytes}`],
        ] as const) {
          const m = await measure(helloWorker.baseUrl, { path }, connections, seconds);
          record(results, name, connections, m);
          console.log(`[${label}] run ${run} c=${connections} ${name}: ${fmt(m.requestsPerSecond)} req/s p99 ${m.p99} ms`);
        }
      }
      for (const s of chosen) {
        const m = await measure(server.baseUrl, s.load(event), connections, seconds);
        record(results, s.name, connections, m);
        console.log(
          `[${label}] run ${run} c=${connections} ${s.name}: ${fmt(m.requestsPerSecond)} req/s p50 ${m.p50} ms p99 ${m.p99} ms` +
            (m.non2xx || m.errors ? `  (non-2xx ${m.non2xx} ${m.failedStatuses}, errors ${m.errors})` : ''),
        );
      }
    }
  }
  return results;
}

function render(results: Results, ceilingResults: Results | undefined, withTargets: boolean): { text: string; missed: string[] } {
  const medianOf = (name: string, c: number) => {
    const list = (ceilingResults ?? results).get(name)?.get(c);
    return list ? medianRun(list) : undefined;
  };
  const ceilingAt = (c: number) => medianOf(CEILING, c);
  const edgeCeilingAt = (c: number) => medianOf(EDGE_CEILING, c);
  const withEdgeCeiling = results.has(EDGE_CEILING);
  const ratio = (m: Measurement, base: Measurement | undefined) =>
    base ? `${fmt((100 * m.requestsPerSecond) / base.requestsPerSecond, 1)} %` : '';
  const rows: string[][] = [];
  const missed: string[] = [];
  for (const [name, byLevel] of results) {
    const scenario = scenarios.find((s) => s.name === name);
    for (const [connections, list] of byLevel) {
      const m = medianRun(list);
      const ceiling = ceilingAt(connections);
      const range =
        list.length > 1
          ? `${fmt(Math.min(...list.map((x) => x.requestsPerSecond)))}–${fmt(Math.max(...list.map((x) => x.requestsPerSecond)))}`
          : '';
      let target = '';
      if (withTargets && scenario?.target && scenario.target.connections === connections) {
        const met = scenario.target.met(m, ceiling);
        target = `${scenario.target.text}: **${met ? 'met' : 'missed'}**`;
        if (!met) missed.push(`${name} (${scenario.target.text})`);
      }
      rows.push([
        name,
        String(connections),
        fmt(m.requestsPerSecond),
        range,
        fmt(m.p50, 1),
        fmt(m.p99, 1),
        name === CEILING ? '' : ratio(m, ceiling),
        name.includes('GET /api/events') ? ratio(m, medianOf(SIZED_CEILING, connections)) : '',
        ...(withEdgeCeiling ? [name === EDGE_CEILING || name.startsWith('ceiling:') ? '' : ratio(m, edgeCeilingAt(connections))] : []),
        m.non2xx || m.errors ? `${m.non2xx}${m.failedStatuses ? ` (${m.failedStatuses})` : ''} / ${m.errors}` : '0',
        target,
      ]);
    }
  }
  const text = table(
    [
      'endpoint',
      'connections',
      'req/s (median)',
      'req/s range',
      'p50 ms',
      'p99 ms',
      'of ceiling',
      'of same-size ceiling',
      ...(withEdgeCeiling ? ['of hello Worker'] : []),
      'non-2xx / errors',
      'target',
    ],
    rows,
  );
  return { text, missed };
}

const command = `node_modules/.bin/node bench/http/run.ts --runs ${runs} --duration ${seconds} --warmup ${warmupSeconds} --connections ${args.connections}`;
const header = (what: string) =>
  `Measured ${today()} on ${machineLine()}, with \`${command}\` (${what}). autocannon runs in the benchmark's own process on the same 2 cores as the server, so every figure includes the load generator's share of the CPU. Each cell is the run with the median req/s of ${runs} run(s) of ${seconds} s each, after a ${warmupSeconds} s warm-up per endpoint; latencies are that run's. Registrations: every request is a new company (distinct organisation numbers) with 1–3 attendees, up to two sessions each, a viewpoint and (4 in 5) a visit request, for the demo event with its session capacities raised so no waiting list forms; each one writes the registration, its places and its emails (confirmation with calendar file, one invite per confirmed place, visit-request receipt) in one atomic batch.`;

async function main() {
  const target = args.target;
  let nodeResults: Results | undefined;
  if (target === 'node' || target === 'both') {
    const dir = mkdtempSync(join(tmpdir(), 'motesdagen-bench-http-'));
    const databasePath = join(dir, 'bench.sqlite');
    await prepareDatabase(databasePath);
    const nodeArgs = args.profile
      ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`, '--import', join(projectRoot, 'bench/http/exit-on-signal.ts')]
      : [];
    const [server, hello] = [await startNode({ databasePath, nodeArgs }), await startHello()];
    try {
      nodeResults = await benchTarget('node', server, hello);
    } finally {
      await server.stop();
      await hello.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const { text, missed } = render(nodeResults, undefined, true);
    const body = `${header('Node: `bin/motesdagen.ts start` on the production build, its own SQLite file, `NODE_ENV=production`, `RATE_LIMIT_WRITES_PER_MINUTE=100000000`')}

${text}

${missed.length ? `Targets missed: ${missed.join('; ')}. See "What limits the missed targets" below.` : 'All HTTP targets met.'}`;
    console.log(`\n${body}\n`);
    if (!args['no-write'] && !args.only && !args.profile) writeSection('HTTP throughput (Node)', body);
  }
  if (target === 'edge' || target === 'both') {
    // Others may share the machine: the load before and after says how much of it the run had.
    const loadBefore = loadavg()[0] as number;
    const server = await startEdge();
    const hello = await startHello();
    const helloWorker = await startHelloWorker();
    let results: Results;
    try {
      results = await benchTarget('edge', server, hello, helloWorker);
    } finally {
      await server.stop();
      await hello.stop();
      await helloWorker.stop();
      rmSync(server.persistTo, { recursive: true, force: true });
    }
    const { text } = render(results, undefined, false);
    const loadAfter = loadavg()[0] as number;
    const body = `${header('edge: the Cloudflare build under `wrangler dev` — workerd with a local D1, seeded with the demo event; for comparison, no target')} \`wrangler dev\` is a development server (local D1 is SQLite behind workerd's I/O layer and wrangler's proxy), so these figures say little about Cloudflare's network; they show the same app runs with the same behaviour. The *edge ceiling* rows are a bare Worker (\`bench/http/hello-worker.ts\`, no Hono, no D1) under \`wrangler dev\` in the same run, and *of hello Worker* is each row's median against its median at the same connections.

${text}

The machine's 1-minute load average was ${fmt(loadBefore, 1)} when the run started and ${fmt(loadAfter, 1)} when it ended${loadBefore > 2 || loadAfter > 2 ? ': the 2 cores were shared with other work (other test runs), so the rates are low and wide (see the ranges); the ratios to the hello Worker, measured in the same minutes, carry less of that noise' : ''}.`;
    console.log(`\n${body}\n`);
    if (!args['no-write'] && !args.only) writeSection('HTTP throughput (wrangler dev)', body);
  }
}

await main();
