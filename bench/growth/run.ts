/**
 * How cost grows with the database: registration and event-page latency with 10, 1,000 and 100,000
 * registrations already stored for the event (filled directly, bench/growth/fill.ts), each on the
 * production server with a fresh database. The target is a flat curve.
 *
 *   node_modules/.bin/node bench/growth/run.ts [--sizes 10,1000,100000] [--duration 5] [--no-outbox] [--no-write]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type PublicEvent, prepareDatabase, registrationInput } from '../lib/fixture.ts';
import { type Load, type Measurement, measure } from '../lib/load.ts';
import { fmt, machineLine, today } from '../lib/machine.ts';
import { table, writeSection } from '../lib/report.ts';
import { startNode } from '../lib/servers.ts';
import { fillRegistrations } from './fill.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,1000,100000' },
    duration: { type: 'string', default: '5' },
    'no-outbox': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const sizes = args.sizes.split(',').map(Number);
const seconds = Number(args.duration);

interface Row {
  size: number;
  fillSeconds: number;
  databaseMb: number;
  cells: Map<string, Measurement>;
}

async function measureSize(size: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'motesdagen-bench-growth-'));
  const databasePath = join(dir, 'bench.sqlite');
  try {
    const { slug } = await prepareDatabase(databasePath);
    const t0 = performance.now();
    await fillRegistrations(databasePath, slug, size, { outbox: !args['no-outbox'] });
    const fillSeconds = (performance.now() - t0) / 1000;
    const databaseMb = statSync(databasePath).size / 2 ** 20;
    const server = await startNode({ databasePath });
    const cells = new Map<string, Measurement>();
    try {
      const event = (await (await fetch(`${server.baseUrl}/api/events/${slug}`)).json()) as PublicEvent;
      // Companies the fill did not use (it numbers from 0).
      let company = 200_000_000;
      const loads: [string, Load, number][] = [
        ['event page `/`, 1 conn', { path: '/' }, 1],
        ['event page `/`, 10 conn', { path: '/' }, 10],
        ['`GET /api/events/{slug}`, 10 conn', { path: `/api/events/${slug}` }, 10],
        [
          'registration, 1 conn',
          {
            path: `/api/events/${slug}/registrations`,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: () => JSON.stringify(registrationInput(event, company++)),
          },
          1,
        ],
      ];
      loads.push(['registration, 10 conn', (loads[3] as [string, Load, number])[1], 10]);
      for (const [, load] of loads) await measure(server.baseUrl, load, 10, 2); // warm-up
      for (const [name, load, connections] of loads) {
        const m = await measure(server.baseUrl, load, connections, seconds);
        cells.set(name, m);
        console.log(`[${size}] ${name}: ${fmt(m.requestsPerSecond)} req/s p50 ${m.p50} ms p99 ${m.p99} ms non-2xx ${m.non2xx}`);
      }
    } finally {
      await server.stop();
    }
    return { size, fillSeconds, databaseMb, cells };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const rows: Row[] = [];
  for (const size of sizes) {
    const row = await measureSize(size);
    rows.push(row);
    console.log(`[${size}] filled in ${fmt(row.fillSeconds, 1)} s, database ${fmt(row.databaseMb)} MB`);
  }
  const names = [...(rows[0]?.cells.keys() ?? [])];
  const tableRows = names.map((name) => [
    name,
    ...rows.map((r) => {
      const m = r.cells.get(name);
      return m
        ? `${fmt(m.requestsPerSecond)} req/s · p50 ${fmt(m.p50)} · p99 ${fmt(m.p99)} ms${m.non2xx || m.errors ? ` · ${m.non2xx + m.errors} failed` : ''}`
        : '–';
    }),
  ]);
  tableRows.push(['database file', ...rows.map((r) => `${fmt(r.databaseMb)} MB (filled in ${fmt(r.fillSeconds, 1)} s)`)]);
  const command = `node_modules/.bin/node bench/growth/run.ts --sizes ${args.sizes} --duration ${seconds}${args['no-outbox'] ? ' --no-outbox' : ''}`;
  const body = `Measured ${today()} on ${machineLine()}, with \`${command}\`. For each size a fresh database holds the demo event (capacities raised) and that many registrations for it, inserted directly with better-sqlite3 (\`bench/growth/fill.ts\`: registrations with their companies, viewpoint topics, 1–3 attendees with up to two confirmed places each, visit requests with slots and topics, calendar items and ${args['no-outbox'] ? 'no outbox rows' : 'the sent outbox messages with real email bodies'}); then the production server is started on it and each load runs ${seconds} s after a 2 s warm-up (autocannon in the same 2-core machine). Target: a flat curve.

${table(['load', ...rows.map((r) => `${fmt(r.size)} registrations`)], tableRows)}`;
  console.log(`\n${body}\n`);
  if (!args['no-write']) writeSection('Cost growth', body);
}

await main();
