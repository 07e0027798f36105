import { describe, expect, it } from 'vitest';
import type { Plan } from '../matching/index.ts';
import { planFigures } from './plan-figures.ts';

const plan = (placed: number, requests: number, upperBound: number, weightedUpperBound = upperBound): Plan =>
  ({
    visits: [],
    unplaced: [],
    quality: { requests, placed, placedWeighted: placed, topicFit: 3, partyBalance: 0.333, sameParty: 1, loadStdDev: 0.75, changes: 2 },
    weightedUpperBound,
    weightedGap: weightedUpperBound - placed,
    weightedGapPercent: 0,
    boundSource: 'flow',
    upperBound,
    gap: upperBound - placed,
    gapPercent: 0,
    stats: { iterations: 1, elapsedMs: 1, stoppedBy: 'iterations' },
    warnings: [],
  }) as Plan;

const text = (p: Plan, label: string) => planFigures(p).find((f) => f.label === label)?.text;

describe('the figures of a proposal in plain Swedish', () => {
  it('says from the bound whether more requests can get a visit', () => {
    expect(text(plan(4, 6, 4), 'Besök')).toBe('4 av 6 önskemål får besök; fler går inte med dessa värdar och tider.');
    expect(text(plan(4, 6, 5), 'Besök')).toBe(
      '4 av 6 önskemål får besök. Som mest 5 kan få besök med dessa värdar och tider, så upp till 1 till kan gå att placera: planera igen eller placera för hand.',
    );
    expect(text(plan(6, 6, 6), 'Besök')).toBe('Alla 6 önskemål får besök.');
  });

  it('says whether the priority-weighted placement is the best possible, from its own bound', () => {
    // All placed that can be by count, yet a plan with more high-priority companies may exist.
    expect(text(plan(4, 6, 4, 6), 'Prioritet')).toBe(
      'Med dessa värdar och tider kan som mest 6 nås viktat efter prioritet, planen når 4: en plan med fler högt prioriterade företag kan finnas.',
    );
    expect(text(plan(4, 6, 5, 4), 'Prioritet')).toBe(
      'Ingen plan kan ge företagen med högre prioritet mer: placeringen viktad efter prioritet är den bästa möjliga.',
    );
  });

  it('says party balance, load and changes without standard deviations or percentages', () => {
    const all = planFigures(plan(4, 6, 4))
      .map((f) => f.text)
      .join(' ');
    expect(all).not.toMatch(/standardavvikelse|%|avstånd/);
    expect(text(plan(4, 6, 4), 'Partier')).toContain('som mest 33 procentenheter');
    expect(text(plan(4, 6, 4), 'Partier')).toContain('1 besök har bara politiker från ett parti.');
    expect(text(plan(4, 6, 4), 'Belastning')).toContain('fördelas jämnt');
    expect(text(plan(4, 6, 4), 'Ändringar')).toBe('2 besök ändras jämfört med det som är sparat.');
  });
});
