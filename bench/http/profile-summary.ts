/**
 * Summarises a V8 CPU profile (.cpuprofile from --cpu-prof): self time by function and by file, and total
 * (inclusive) time of the functions that matter most, so a benchmark's hot spots can be read as text.
 *
 *   node_modules/.bin/node bench/http/profile-summary.ts FILE.cpuprofile [--top 25] [--match TEXT]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, match: { type: 'string' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(values.top);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const short = (url: string) => url.replace(/^file:\/\/.*?\/(node_modules|src|db|dist|emails|site)\//, '$1/').replace(/^node:/, 'node:');
const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const self = new Map<string, number>();
const byFile = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id) as Node;
  self.set(label(node), (self.get(label(node)) ?? 0) + us);
  const f = short(node.callFrame.url) || `(${node.callFrame.functionName})`;
  byFile.set(f, (byFile.get(f) ?? 0) + us);
  // Inclusive: every distinct frame on the stack once.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur) as Node);
    if (!seen.has(l)) {
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + us);
    }
  }
}
const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
const print = (title: string, map: Map<string, number>, filter?: (k: string) => boolean) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map]
    .filter(([k]) => !filter || filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    console.log(`${pct(us)}  ${k}`);
};
console.log(`total sampled: ${(totalUs / 1e6).toFixed(2)} s`);
print('self time by file', byFile);
print('self time by function', self);
print('inclusive time', inclusive, values.match ? (k) => k.includes(values.match as string) : undefined);
