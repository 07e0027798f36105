/**
 * Page weight and Lighthouse scores of the public pages, from the production build on Node.
 *
 *   node_modules/.bin/node bench/pages/run.ts [--no-lighthouse] [--no-write]
 *
 * Weight: every public page's HTML and the CSS, JavaScript, images and fonts it references, raw and
 * gzipped (what a compressing proxy or Cloudflare sends; level 6, as most servers use). Asserts that the
 * public pages load no JavaScript, so registering needs none. Lighthouse: `lighthouse` from node_modules,
 * else $LIGHTHOUSE, else `npx --yes lighthouse@13.5.0`, run with Debian's Chromium ($CHROME_PATH, default
 * /usr/bin/chromium) headless.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type PublicEvent, prepareDatabase, registrationInput } from '../lib/fixture.ts';
import { fmt, machineLine, today } from '../lib/machine.ts';
import { table, writeSection } from '../lib/report.ts';
import { projectRoot, startNode } from '../lib/servers.ts';

const { values: args } = parseArgs({
  options: { 'no-lighthouse': { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } },
});

const KB = 1024;
const LIMIT = 60 * KB;

interface Weight {
  html: [number, number];
  css: [number, number];
  js: [number, number];
  other: [number, number];
  scripts: number;
  assets: string[];
}

const add = (a: [number, number], bytes: Buffer): [number, number] => [a[0] + bytes.length, a[1] + gzipSync(bytes, { level: 6 }).length];

/** Sizes a page and everything it references (deduplicated within the page, as a browser would fetch it). */
async function weigh(url: string): Promise<Weight> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const html = Buffer.from(await response.arrayBuffer());
  const text = html.toString('utf8');
  const weight: Weight = { html: add([0, 0], html), css: [0, 0], js: [0, 0], other: [0, 0], scripts: 0, assets: [] };
  // Inline scripts count as JavaScript (JSON-LD and the like excepted); inline styles are inside the HTML.
  for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = m[1] ?? '';
    if (/type=["']?application\/(ld\+)?json/i.test(attributes)) continue;
    weight.scripts++;
    if (!/\bsrc=/i.test(attributes)) weight.js = add(weight.js, Buffer.from(m[2] ?? ''));
  }
  const references = new Set<string>();
  for (const m of text.matchAll(/<(link|script|img|source)\b[^>]*?(?:href|src|srcset)=["']([^"' ]+)/gi)) {
    const tag = m[0];
    if (/^<link/i.test(tag) && !/rel=["']?(stylesheet|icon|preload|modulepreload|apple-touch-icon|manifest)/i.test(tag)) continue;
    references.add(new URL(m[2] as string, url).href);
  }
  for (const asset of references) {
    if (!asset.startsWith(new URL(url).origin)) continue;
    const body = Buffer.from(await (await fetch(asset)).arrayBuffer());
    weight.assets.push(new URL(asset).pathname);
    if (/\.css(\?|$)/.test(asset)) weight.css = add(weight.css, body);
    else if (/\.m?js(\?|$)/.test(asset)) weight.js = add(weight.js, body);
    else weight.other = add(weight.other, body);
  }
  return weight;
}

function lighthouseCommand(): string[] {
  const local = join(projectRoot, 'node_modules/.bin/lighthouse');
  if (existsSync(local)) return [local];
  if (process.env.LIGHTHOUSE) return [process.env.LIGHTHOUSE];
  return ['npx', '--yes', 'lighthouse@13.5.0'];
}

interface Scores {
  performance: number | null;
  accessibility: number | null;
  note?: string;
}

function lighthouse(url: string, dir: string): Scores {
  const [bin, ...rest] = lighthouseCommand();
  const output = join(dir, `lh-${Math.random().toString(36).slice(2)}.json`);
  try {
    execFileSync(
      bin as string,
      [
        ...rest,
        url,
        '--output=json',
        `--output-path=${output}`,
        '--only-categories=performance,accessibility',
        '--chrome-flags=--headless --no-sandbox --disable-gpu',
        '--quiet',
      ],
      {
        env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      },
    );
    const report = JSON.parse(readFileSync(output, 'utf8')) as {
      categories: Record<string, { score: number | null }>;
      runtimeError?: { message: string };
    };
    const score = (name: string) => {
      const s = report.categories[name]?.score;
      return s === null || s === undefined ? null : Math.round(s * 100);
    };
    return { performance: score('performance'), accessibility: score('accessibility'), note: report.runtimeError?.message };
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    return { performance: null, accessibility: null, note: (e.stderr?.toString() || e.message).trim().split('\n').slice(-3).join(' ') };
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'motesdagen-bench-pages-'));
  const databasePath = join(dir, 'bench.sqlite');
  const { slug } = await prepareDatabase(databasePath);
  const server = await startNode({ databasePath });
  try {
    const event = (await (await fetch(`${server.baseUrl}/api/events/${slug}`)).json()) as PublicEvent;
    const created = await fetch(`${server.baseUrl}/api/events/${slug}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registrationInput(event, 1)),
    });
    const { manageUrl } = (await created.json()) as { manageUrl: string };
    const managePath = new URL(manageUrl).pathname;
    const pages: [string, string][] = [
      ['event page', '/'],
      ['event page (English)', '/en/'],
      ['registration', `/anmalan/${slug}`],
      ['registration (English)', `/en/anmalan/${slug}`],
      ['manage registration', managePath],
      ['privacy', '/integritet'],
    ];
    const compressed = (await fetch(`${server.baseUrl}/`, { headers: { 'accept-encoding': 'gzip' } })).headers.get('content-encoding');
    const rows: string[][] = [];
    const problems: string[] = [];
    let scriptsTotal = 0;
    for (const [name, path] of pages) {
      const w = await weigh(`${server.baseUrl}${path}`);
      const gzipTotal = w.html[1] + w.css[1] + w.js[1] + w.other[1];
      const rawTotal = w.html[0] + w.css[0] + w.js[0] + w.other[0];
      scriptsTotal += w.scripts;
      const shown = path.startsWith('/hantera/') ? '/hantera/{token}' : path.replace(slug, '{slug}');
      if (gzipTotal > LIMIT) problems.push(`${shown} sends ${fmt(gzipTotal / KB, 1)} KB`);
      const kb = (pair: [number, number]) => `${fmt(pair[0] / KB, 1)} / ${fmt(pair[1] / KB, 1)}`;
      rows.push([
        `${name} \`${shown}\``,
        kb(w.html),
        kb(w.css),
        kb(w.js),
        kb(w.other),
        String(w.scripts),
        `${fmt(rawTotal / KB, 1)} / **${fmt(gzipTotal / KB, 1)}**`,
        gzipTotal <= LIMIT ? 'yes' : '**no**',
      ]);
    }
    // A registration without JavaScript: the form posts to the page itself and the server answers with HTML.
    const form = await (await fetch(`${server.baseUrl}/anmalan/${slug}`)).text();
    const postsForm = /<form\b[^>]*method=["']?post/i.test(form);

    let lighthouseText = 'Lighthouse: skipped (`--no-lighthouse`).';
    if (!args['no-lighthouse']) {
      const lhRows: string[][] = [];
      for (const [name, path] of pages.filter(([n]) => ['event page', 'registration', 'manage registration'].includes(n))) {
        const s = lighthouse(`${server.baseUrl}${path}`, dir);
        const ok = (v: number | null) => (v === null ? '–' : v >= 95 ? String(v) : `**${v}**`);
        lhRows.push([
          name,
          ok(s.performance),
          ok(s.accessibility),
          s.performance !== null && s.accessibility !== null && s.performance >= 95 && s.accessibility >= 95 ? 'yes' : '**no**',
          s.note ?? '',
        ]);
        console.log(`lighthouse ${path}:`, s);
      }
      lighthouseText = `Lighthouse ${lighthouseCommand().join(' ')} (default mobile profile with simulated throttling, headless Chromium \`${process.env.CHROME_PATH ?? '/usr/bin/chromium'}\` with \`--headless --no-sandbox --disable-gpu\`), categories performance and accessibility; target ≥ 95 on both:

${table(['page', 'performance', 'accessibility', '≥ 95 on both', 'note'], lhRows)}`;
    }

    const body = `Measured ${today()} on ${machineLine()}, with \`node_modules/.bin/node bench/pages/run.ts\` against the production build on Node (demo event; the manage page is that of a registration made through the API). Sizes are KB (1,024 bytes) raw / gzip (level 6); "other" is images, icons and fonts the page references. The Node server itself ${compressed ? `compresses (${compressed})` : 'does not compress responses; gzip is what a compressing proxy or Cloudflare sends'}. Target: every public page ≤ 60 KB transferred.

${table(['page', 'HTML', 'CSS', 'JavaScript', 'other', '<script> tags', 'total raw / gzip', '≤ 60 KB'], rows)}

${problems.length ? `Over the limit: ${problems.join('; ')}.` : 'Every public page is within 60 KB.'} **No JavaScript:** the public pages carry ${scriptsTotal} \`<script>\` elements in all${scriptsTotal === 0 ? ', so none loads any JavaScript' : ''}; the registration form ${postsForm ? 'is a plain `<form method="post">` that the server answers with HTML' : '**was not found as a plain POST form**'}, so a company registers with JavaScript turned off (the browser tests also register with JavaScript disabled).

${lighthouseText}`;
    console.log(`\n${body}\n`);
    if (!args['no-write']) writeSection('Page weight and Lighthouse', body);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
