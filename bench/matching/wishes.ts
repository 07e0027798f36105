// How often the engine gives a company the two politicians it wished for, and what that costs in placed visits.
// Run: node_modules/.bin/node bench/matching/wishes.ts
// Ten contested instances (100 requests, 24 hosts, 6 slots, 60 % availability; every third request wishes for two
// politicians; rules: 1–2 politicians, 1 official, at most 3 people), each planned by an iteration cap (20,000), not
// a time budget, so the figures do not depend on the machine. Prints one markdown table row.
import { checkPlan, planVisits } from '../../src/matching/index.ts';
import { generateInstance } from './generate.ts';

let placed = 0;
let bound = 0;
let wishing = 0;
let met = 0;
let violations = 0;
for (let seed = 1; seed <= 10; seed++) {
  const base = generateInstance({ seed, requests: 100, hosts: 24, slots: 6, availability: 0.6, contested: true });
  const input = {
    ...base,
    rules: { ...base.rules, minPoliticians: 1, maxPoliticians: 2, minOfficials: 1, maxOfficials: 1, maxDelegationSize: 3 },
    requests: base.requests.map((r, i) => ({ ...r, wantsPoliticianCount: i % 3 === 0 ? 2 : null })),
  };
  const plan = planVisits({ ...input, iterations: 20_000, seed: 1 });
  placed += plan.quality.placed;
  bound += plan.upperBound;
  violations += checkPlan(input, plan.visits).length;
  const kind = new Map(input.hosts.map((h) => [h.id, h.kind]));
  for (const visit of plan.visits) {
    if (!input.requests.find((r) => r.id === visit.requestId)?.wantsPoliticianCount) continue;
    wishing++;
    if (visit.hostIds.filter((h) => kind.get(h) === 'politician').length >= 2) met++;
  }
}
console.log(`| ${placed} | ${bound} | ${wishing} | ${met} | ${violations} |`);
