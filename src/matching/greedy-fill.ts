import { type Model, OFFICIAL, POLITICIAN } from './model.ts';
import { HOST_OK, type PlanState } from './state.ts';

/**
 * The first delegation that fits request r in slot s, taking hosts in input order (the wished party and department
 * first, then the minimum counts), as an organiser filling a spreadsheet would. Null when none fits.
 */
export function firstFitDelegation(state: PlanState, r: number, s: number): number[] | null {
  const m: Model = state.model;
  const needs = m.needs[r]!;
  if (!needs.satisfiable) return null;
  const fits = m.slotHosts[s]!.filter((h) => state.hostFits(h, r, s) === HOST_OK);
  const chosen: number[] = [];
  const take = (ok: (h: number) => boolean): boolean => {
    const h = fits.find((x) => ok(x) && !chosen.includes(x));
    if (h === undefined) return false;
    chosen.push(h);
    return true;
  };
  const party = m.needParty[r]!;
  const department = m.needDepartment[r]!;
  if (party >= 0 && !take((h) => m.hostKind[h] === POLITICIAN && m.hostParty[h] === party)) return null;
  if (department >= 0 && !take((h) => m.hostKind[h] === OFFICIAL && m.hostDepartment[h] === department)) return null;
  for (let p = party >= 0 ? 1 : 0; p < needs.minPoliticians; p++) if (!take((h) => m.hostKind[h] === POLITICIAN)) return null;
  for (let o = department >= 0 ? 1 : 0; o < needs.minOfficials; o++) if (!take((h) => m.hostKind[h] === OFFICIAL)) return null;
  // The wished politician count when free hosts allow, as an organiser would try to give it.
  for (let p = Math.max(needs.minPoliticians, party >= 0 ? 1 : 0); p < needs.wantedPoliticians && chosen.length < needs.maxSize; p++) {
    if (!take((h) => m.hostKind[h] === POLITICIAN)) break;
  }
  if (chosen.length === 0) {
    const allowed = (h: number) => (m.hostKind[h] === POLITICIAN ? needs.maxPoliticians > 0 : needs.maxOfficials > 0);
    if (!take(allowed)) return null;
  }
  return chosen;
}

/** Places every unplaced, unlocked request in arrival order in its first slot with a first-fit delegation. */
export function greedyFill(state: PlanState): void {
  const m = state.model;
  const order = Array.from(m.requestIds.keys()).sort((a, b) => m.requestArrival[a]! - m.requestArrival[b]! || a - b);
  for (const r of order) {
    if (state.slotOf[r] !== -1 || state.locked[r]) continue;
    for (const s of m.requestSlots[r]!) {
      const hosts = firstFitDelegation(state, r, s);
      if (hosts) {
        state.place(r, s, hosts);
        break;
      }
    }
  }
}
