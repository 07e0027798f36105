/**
 * The 300-request matching instance (bench/matching/run.ts's `300 / 60 / 8`, seed 42) planned inside `wrangler dev`:
 * the instance is loaded into a fresh local D1 as a real event (zones, travel times, slots, hosts with topics and
 * availability, 300 companies with registrations and visit requests), an admin API token is inserted as its hash,
 * and the organisers' planning endpoint (POST /api/admin/events/{slug}/plans, nothing saved) is called on workerd.
 *
 *   npm run build:edge && node_modules/.bin/node bench/matching/edge.ts [--runs 3] [--no-write]
 *
 * Builds nothing itself. Reports the client's wall time, the workerd process's CPU time and peak RSS growth over
 * the request (read from /proc: workerd reports neither), placed / bound / gap, and any limit error workerd printed.
 * `wrangler dev` enforces no CPU or memory limit (workerd has no limit enforcer), so a probe plans once more with
 * `limits.cpu_ms = 10` in the config to show whether a limit is applied at all.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CompiledQuery } from 'kysely';
import { compiler, inlineParameters } from '../../db/compiler.ts';
import { executeEdgeSql, prepareEdgeDatabase, startEdgeServer } from '../../scripts/edge.ts';
import { hashSecret, newSecret } from '../../src/domain/ids.ts';
import type { MatchingInput } from '../../src/matching/index.ts';
import { freePort } from '../../test/support/node-server.ts';
import { fmt, machineLine, median, today } from '../lib/machine.ts';
import { table, writeSection } from '../lib/report.ts';
import { projectRoot, UNLIMITED_WRITES } from '../lib/servers.ts';
import { generateInstance, type InstanceSpec } from './generate.ts';

/** The same instance as the first row of "Visit matching". */
const SPEC: InstanceSpec = { requests: 300, hosts: 60, slots: 8, seed: 42 };
const SLUG = 'matchning-300';
const edgeConfig = join(projectRoot, 'dist/edge/server/wrangler.json');
/** Workers' CPU limit on the Free plan: a probe with it shows whether `wrangler dev` applies `limits.cpu_ms`. */
const PROBE_CPU_MS = 10;

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;

/** The instance as rows of the real schema, with an admin organiser whose API token is `token`. */
async function instanceQueries(input: MatchingInput, token: string): Promise<CompiledQuery[]> {
  const stamp = new Date().toISOString();
  const first = input.slots[0]!.startsAt;
  const last = input.slots.at(-1)!.endsAt;
  const eventId = `event-${SLUG}`;
  const queries: CompiledQuery[] = [];
  const rules = { transfer_buffer_minutes: input.rules?.transferBufferMinutes ?? 10 };
  queries.push(
    compiler
      .insertInto('events')
      .values({
        id: eventId,
        slug: SLUG,
        name: 'Matchningsdagen 300',
        venue_name: 'Stadshuset',
        venue_address: 'Stora torget 1, 641 30 Norrvik',
        time_zone: 'Europe/Stockholm',
        starts_at: new Date(Date.parse(first) - 60 * 60_000).toISOString(),
        ends_at: last,
        registration_opens_at: new Date(Date.parse(first) - 90 * 86_400_000).toISOString(),
        registration_closes_at: new Date(Date.parse(first) - 7 * 86_400_000).toISOString(),
        status: 'closed',
        organiser_name: 'Näringslivskontoret',
        organiser_email: 'naringsliv@norrvik.example',
        ...rules,
        created_at: stamp,
        updated_at: stamp,
      })
      .compile(),
  );
  const topics = [...new Set([...input.hosts.flatMap((h) => h.topicIds), ...input.requests.flatMap((r) => r.topicIds)])].sort();
  topics.forEach((id, sort) => {
    queries.push(compiler.insertInto('topics').values({ id, event_id: eventId, slug: id, name_sv: id, name_en: id, sort }).compile());
  });
  for (const z of input.zones) {
    queries.push(
      compiler
        .insertInto('zones')
        .values({ id: z.id, event_id: eventId, name: z.id, latitude: z.latitude, longitude: z.longitude })
        .compile(),
    );
  }
  for (const t of input.travelTimes ?? []) {
    queries.push(
      compiler.insertInto('travel_times').values({ from_zone_id: t.fromZoneId, to_zone_id: t.toZoneId, minutes: t.minutes }).compile(),
    );
  }
  for (const s of input.slots) {
    queries.push(
      compiler.insertInto('visit_slots').values({ id: s.id, event_id: eventId, starts_at: s.startsAt, ends_at: s.endsAt }).compile(),
    );
  }
  input.hosts.forEach((h, i) => {
    // Names sort as the generator ordered the hosts (the planner reads hosts by name).
    const name = `Värd ${String(i + 1).padStart(3, '0')}`;
    queries.push(
      compiler
        .insertInto('hosts')
        .values({
          id: h.id,
          event_id: eventId,
          kind: h.kind,
          name,
          email: `${h.id}@norrvik.example`,
          party: h.party ?? null,
          department: h.department ?? null,
          max_visits_per_day: h.maxVisitsPerDay ?? 3,
          start_zone_id: h.startZoneId ?? null,
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
    );
    for (const topicId of h.topicIds)
      queries.push(compiler.insertInto('host_topics').values({ host_id: h.id, topic_id: topicId }).compile());
    for (const slotId of h.availableSlotIds) {
      queries.push(compiler.insertInto('host_availability').values({ host_id: h.id, slot_id: slotId }).compile());
    }
  });
  const arrivals = Date.parse(first) - 60 * 86_400_000;
  for (const [i, r] of input.requests.entries()) {
    const n = i + 1;
    // Requests are read in order of arrival (created_at), as the generator numbered them.
    const created = new Date(arrivals + r.arrival * 60_000).toISOString();
    const registrationId = `registration-${n}`;
    queries.push(
      compiler
        .insertInto('registrations')
        .values({
          id: registrationId,
          event_id: eventId,
          company_org_number: String(5_590_000_000 + n),
          company_name: `Matchningsföretag ${n} AB`,
          company_industry: 'bygg',
          company_street: `Industrivägen ${n}`,
          company_postal_code: '641 30',
          company_city: 'Norrvik',
          contact_name: `Kontakt ${n}`,
          contact_email: `kontakt${n}@foretag${n}.example`,
          contact_phone: '070-123 45 67',
          consent_at: created,
          manage_token_hash: await hashSecret(newSecret()),
          manage_token_expires_at: last,
          created_at: created,
          updated_at: created,
        })
        .compile(),
      compiler
        .insertInto('visit_requests')
        .values({
          id: r.id,
          event_id: eventId,
          registration_id: registrationId,
          zone_id: r.zoneId ?? null,
          street: `Industrivägen ${n}`,
          postal_code: '641 30',
          city: 'Norrvik',
          participants: r.participants,
          wants_department: r.wantsDepartment ?? null,
          wants_party: r.wantsParty ?? null,
          priority: r.priority ?? 1,
          created_at: created,
          updated_at: created,
        })
        .compile(),
    );
    for (const slotId of r.slotIds)
      queries.push(compiler.insertInto('visit_request_slots').values({ request_id: r.id, slot_id: slotId }).compile());
    for (const topicId of r.topicIds) {
      queries.push(compiler.insertInto('visit_request_topics').values({ request_id: r.id, topic_id: topicId }).compile());
    }
  }
  const organiserId = 'organiser-bench-edge';
  queries.push(
    compiler
      .insertInto('organisers')
      .values({ id: organiserId, email: 'matchning@norrvik.example', name: 'Matchning', role: 'admin', created_at: stamp })
      .compile(),
    compiler
      .insertInto('api_tokens')
      .values({ id: 'token-bench-edge', organiser_id: organiserId, name: 'bench', token_hash: await hashSecret(token), created_at: stamp })
      .compile(),
  );
  return queries;
}

/** What the instance's rules leave out of the database: checked so the edge plans exactly this instance. */
function assertRepresentable(input: MatchingInput): void {
  const rules = input.rules ?? {};
  const extra = Object.keys(rules).filter((key) => key !== 'transferBufferMinutes');
  if (extra.length) throw new Error(`rules the events table would need: ${extra.join(', ')}`);
  // With the default one politician per visit, a wish for two politicians changes nothing (rules.ts caps it).
}

interface ProcessSample {
  cpuMs: number;
  rssMb: number;
  peakRssMb: number;
}

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The workerd processes under a `wrangler dev` child (one runs the Worker, one wrangler's proxy). */
function findWorkerd(root: number): number[] {
  const children = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const child of children(pid)) {
      if (/workerd$/.test(readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0')[0] ?? '')) found.push(child);
      queue.push(child);
    }
  }
  if (!found.length) throw new Error('no workerd process under wrangler dev');
  return found;
}

/** CPU time and memory of processes, summed. */
function sample(pids: readonly number[]): ProcessSample {
  const total: ProcessSample = { cpuMs: 0, rssMb: 0, peakRssMb: 0 };
  for (const pid of pids) {
    // /proc/PID/stat: utime and stime (all threads) are fields 14 and 15, counted after the parenthesised command.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total.cpuMs += ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
    total.rssMb += kb('VmRSS') / 1024;
    total.peakRssMb += kb('VmHWM') / 1024;
  }
  return total;
}

interface PlanAnswer {
  visits: unknown[];
  quality: { placed: number };
  upperBound: number;
  gapPercent: number;
  stats: { iterations: number; elapsedMs: number; stoppedBy: string };
}

interface Run {
  status: number;
  wallMs: number;
  cpuMs: number;
  rssGrowthMb: number;
  plan?: PlanAnswer;
  body: string;
}

async function plan(baseUrl: string, token: string, workerd: readonly number[]): Promise<Run> {
  const before = sample(workerd);
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/admin/events/${SLUG}/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    // The API's defaults (5,000 ms budget, seed 1).
    body: '{}',
  });
  const body = await response.text();
  const wallMs = performance.now() - started;
  const after = sample(workerd);
  return {
    status: response.status,
    wallMs,
    cpuMs: after.cpuMs - before.cpuMs,
    rssGrowthMb: Math.max(0, after.peakRssMb - before.rssMb),
    plan: response.ok ? (JSON.parse(body) as PlanAnswer) : undefined,
    body: response.ok ? '' : body.slice(0, 500),
  };
}

/** The build's wrangler.json with `limits.cpu_ms` set, beside the database (paths made absolute). */
function configWithCpuLimit(dir: string, cpuMs: number): string {
  const config = JSON.parse(readFileSync(edgeConfig, 'utf8')) as Record<string, unknown> & {
    main: string;
    assets?: { directory: string };
    d1_databases: { migrations_dir?: string }[];
  };
  const from = dirname(edgeConfig);
  config.main = resolve(from, config.main);
  if (config.assets) config.assets.directory = resolve(from, config.assets.directory);
  for (const d1 of config.d1_databases) if (d1.migrations_dir) d1.migrations_dir = resolve(from, d1.migrations_dir);
  config.limits = { cpu_ms: cpuMs };
  const path = join(dir, 'wrangler-limits.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

interface Served {
  baseUrl: string;
  workerd: number[];
  output: () => string;
  stop: () => Promise<void>;
}

async function serve(persistTo: string, config?: string): Promise<Served> {
  const port = await freePort();
  const child: ChildProcess = await startEdgeServer({ port, persistTo, vars: UNLIMITED_WRITES, config });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    workerd: findWorkerd(child.pid!),
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const limitErrors = (output: string) =>
  output
    .split('\n')
    .filter((line) => /exceeded|cpu time|memory limit|out of memory/i.test(line))
    .map((line) => line.trim());

async function main(): Promise<void> {
  const persistTo = mkdtempSync(join(tmpdir(), 'motesdagen-bench-matching-edge-'));
  const servers: Served[] = [];
  try {
    const load = loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ');
    const input = generateInstance(SPEC);
    assertRepresentable(input);
    const token = `mdg_${newSecret()}`;
    console.log('Migrating a fresh local D1 and loading the instance …');
    prepareEdgeDatabase(persistTo);
    const file = join(persistTo, 'instance.sql');
    writeFileSync(file, `${(await instanceQueries(input, token)).map((q) => `${inlineParameters(q)};`).join('\n')}\n`);
    executeEdgeSql(persistTo, file);

    const server = await serve(persistTo);
    servers.push(server);
    const idle = sample(server.workerd);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await plan(server.baseUrl, token, server.workerd);
      runs.push(run);
      const p = run.plan;
      console.log(
        `run ${i + 1}: HTTP ${run.status}, ${fmt(run.wallMs)} ms wall, ${fmt(run.cpuMs)} ms workerd CPU, +${fmt(run.rssGrowthMb)} MB peak RSS` +
          (p
            ? `, placed ${p.quality.placed} of bound ${p.upperBound} (gap ${fmt(p.gapPercent, 2)} %), ${p.stats.iterations} iterations (${p.stats.stoppedBy}), engine's own clock ${p.stats.elapsedMs} ms`
            : `: ${run.body}`),
      );
    }
    const errors = limitErrors(server.output());
    const peak = sample(server.workerd).peakRssMb;
    await server.stop();

    // The probe: the same Worker and database with the Free plan's CPU limit in the config.
    const probeServer = await serve(persistTo, configWithCpuLimit(persistTo, PROBE_CPU_MS));
    servers.push(probeServer);
    const probe = await plan(probeServer.baseUrl, token, probeServer.workerd);
    const probeErrors = limitErrors(probeServer.output());
    await probeServer.stop();
    console.log(
      `probe with limits.cpu_ms = ${PROBE_CPU_MS}: HTTP ${probe.status}, ${fmt(probe.cpuMs)} ms workerd CPU, limit errors: ${probeErrors.length ? probeErrors.join(' | ') : 'none'}`,
    );

    const ok = runs.filter((r) => r.plan);
    const mid = (pick: (r: Run) => number) => median(ok.map(pick));
    // Values that should not vary between runs (seeded search ending by stagnation or the cap): each distinct one.
    const each = (pick: (p: PlanAnswer) => string) => [...new Set(ok.map((r) => pick(r.plan!)))].join(' / ') || '–';
    const rows = [
      [
        '300 / 60 / 8',
        `${ok.length} of ${runs.length} (HTTP ${[...new Set(runs.map((r) => r.status))].join(', ')})`,
        `${fmt(mid((r) => r.wallMs) / 1000, 2)} s`,
        `${fmt(mid((r) => r.cpuMs))} ms`,
        `+${fmt(Math.max(...ok.map((r) => r.rssGrowthMb)))} MB (idle ${fmt(idle.rssMb)} MB, peak ${fmt(peak)} MB)`,
        each((p) => String(p.quality.placed)),
        each((p) => String(p.upperBound)),
        each((p) => `${fmt(p.gapPercent, 2)} %`),
        each((p) => `${p.stats.iterations.toLocaleString('en')} (${p.stats.stoppedBy})`),
        `${fmt(mid((r) => r.plan!.stats.elapsedMs))} ms`,
        errors.length ? errors.join('; ') : 'none',
      ],
    ];
    const probeLine =
      probe.plan && probeErrors.length === 0
        ? `still planned (HTTP ${probe.status}, ${fmt(probe.cpuMs)} ms of workerd CPU) with no limit error: no CPU limit applies locally`
        : `answered HTTP ${probe.status}${probeErrors.length ? ` with ${probeErrors.join('; ')}` : ''}`;
    const plans = ok.map((r) => r.plan!);
    const stable = new Set(plans.map((p) => `${p.quality.placed}/${p.upperBound}/${p.stats.iterations}/${p.stats.stoppedBy}`)).size === 1;
    const cap = 400 * SPEC.requests;
    const iterations = plans[0]?.stats.iterations ?? Number.NaN;
    const section = render({
      rows,
      probeLine,
      load,
      stable,
      stagnated: plans.length > 0 && plans.every((p) => p.stats.stoppedBy === 'stagnation'),
      cap,
      capCpuMs: (mid((r) => r.cpuMs) * cap) / iterations,
    });
    console.log(`\n${section}`);
    if (!args.includes('--no-write')) writeSection('Visit matching inside wrangler dev', section);
  } finally {
    for (const server of servers) await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

interface Findings {
  rows: string[][];
  probeLine: string;
  load: string;
  /** Placed, bound, iterations and stop the same in every run. */
  stable: boolean;
  stagnated: boolean;
  cap: number;
  /** The median CPU scaled to the iteration cap. */
  capCpuMs: number;
}

function render(f: Findings): string {
  const budget = f.stagnated
    ? [
        `This instance ends by stagnation${f.stable ? ' after the same number of iterations on every run' : ''}, well inside the`,
        'budget, so a deployed Worker does the same work. The worst case, a search running to the iteration cap of',
        `${f.cap.toLocaleString('en')}, would cost about ${fmt(f.capCpuMs)} ms of CPU at the rate measured here: still far below 30,000 ms.`,
      ]
    : [
        'This instance did not end by stagnation in every run, so on a deployed Worker it would run to the iteration cap',
        `of ${f.cap.toLocaleString('en')}: about ${fmt(f.capCpuMs)} ms of CPU at the rate measured here.`,
      ];
  return [
    `Measured ${today()} on ${machineLine()}, wrangler ${wranglerVersion()} (load average ${f.load} from other work on the`,
    'shared machine at the start, so wall times carry noise; CPU time does not), with',
    '`npm run build:edge && node_modules/.bin/node bench/matching/edge.ts`. The `300 / 60 / 8` instance of "Visit',
    'matching" (same generator and seed) is loaded into a fresh local D1 as a real event — zones, travel times, visit',
    'slots, 60 hosts with topics and availability, 300 companies with registrations and visit requests — and an admin',
    "API token (its SHA-256 only) is inserted. The organisers' endpoint `POST /api/admin/events/{slug}/plans` is then",
    `called ${RUNS} times on workerd with the API's defaults (\`{}\`: seed 1, 5,000 ms budget); nothing is saved.`,
    '',
    table(
      [
        'instance',
        'answered',
        'wall time',
        'workerd CPU',
        'workerd RSS growth',
        'placed',
        'bound',
        'gap',
        'iterations (stop)',
        "engine's clock",
        'limit errors',
      ],
      f.rows,
    ),
    '',
    `Wall time, CPU and the engine's clock are medians of ${RUNS} runs on one \`wrangler dev\`, RSS growth the largest of`,
    `them${f.stable ? '; placed, bound, gap and iterations were the same in every run' : ''}.`,
    '**workerd CPU** is user + system time of the workerd processes over the request (`/proc/PID/stat`; workerd',
    "reports no CPU time itself), so it includes the local D1 queries: an upper bound on the isolate's CPU time.",
    '**workerd RSS growth** is their RSS high-water mark after the request minus their RSS before (`/proc/PID/status`',
    "VmHWM − VmRSS), the whole runtime's growth (two workerd processes: the Worker's and wrangler's proxy), an upper",
    "bound on the isolate's; *idle* is their RSS before the first request, *peak* their high-water mark after the last.",
    '',
    "**Limits.** `wrangler dev` enforces neither Workers' CPU limit nor the 128 MB memory limit: workerd has no limit",
    'enforcer (cloudflare/workerd#49; its config schema has no CPU or memory setting), and `limits.cpu_ms` in the',
    `Wrangler config is only sent on deploy. Probe: the same Worker and database with \`limits.cpu_ms = ${PROBE_CPU_MS}\` in`,
    `its config ${f.probeLine}. So CPU is judged by the measured CPU time against the paid plan's default limit of`,
    "30,000 ms per request (the Free plan's 10 ms is far too little for planning: run it on a paid plan). Memory is",
    'judged by the Node runs of "Visit matching", which plan this instance with V8\'s heap capped at 128 MB',
    '(`--max-old-space-size=128`; their *memory* column is the peak RSS growth), and by the workerd growth above, a',
    'second, looser upper bound. workerd itself does not enforce 128 MB.',
    '',
    '**Time budget.** The Worker runs the engine in the request (`src/runtime/worker.ts`) with the planning',
    "API's default budget of 5,000 ms (`src/domain/visits.ts`; the planning page asks for 3,000 ms, an API caller for",
    '100–60,000 ms). Under `wrangler dev`',
    "`Date.now()` advances while code runs (the engine's clock above follows the wall time), but on deployed Workers",
    "it is the time of the last I/O and does not advance during execution (Cloudflare's Workers security model), so",
    'there the budget alone could not end a search inside the synchronous `planVisits`. The Worker therefore turns',
    'the budget into an iteration cap (`edgeIterations` in `src/runtime/worker.ts`): the budget divided by an',
    'estimated 25 µs × (requests / 300)^0.7 per iteration, above the CPU per iteration measured in "Visit matching"',
    "(22 µs at 300 requests, 49 µs at 1,000, 90 µs at 3,000), and never more than the engine's own cap of",
    '400 × requests. With the 5,000 ms default that is 120,000 iterations at 300 requests and about 40,000 at 3,000',
    '(some 3.6 s of CPU at 90 µs): every size stays far below the 30,000 ms limit.',
    ...budget,
  ].join('\n');
}

function wranglerVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'node_modules/wrangler/package.json'), 'utf8')) as { version: string }).version;
}

await main();
