/**
 * The engine's figures for a proposal, said in plain Swedish for the organiser who decides whether to accept it.
 * Reads the figures from the engine's answer (placed, upper bounds, gaps, quality); computes none of its own.
 */
import type { Plan } from '../matching/index.ts';

export interface PlanFigure {
  label: string;
  text: string;
}

const decimal = (x: number, digits: number) => x.toFixed(digits).replace('.', ',');
const visits = (n: number) => (n === 1 ? '1 besök' : `${n} besök`);

/** One sentence per figure, the first saying how many get a visit and whether more is possible at all. */
export function planFigures(plan: Plan): PlanFigure[] {
  const { quality: q, upperBound, gap } = plan;
  const placed =
    q.requests === 0
      ? 'Inga önskemål om besök ännu.'
      : q.placed === q.requests
        ? `Alla ${q.requests} önskemål får besök.`
        : gap <= 0
          ? `${q.placed} av ${q.requests} önskemål får besök; fler går inte med dessa värdar och tider.`
          : `${q.placed} av ${q.requests} önskemål får besök. Som mest ${upperBound} kan få besök med dessa värdar och tider, så upp till ${gap} till kan gå att placera: planera igen eller placera för hand.`;
  const balance =
    q.sameParty === 0 ? 'Inget besök har bara politiker från ett parti.' : `${visits(q.sameParty)} har bara politiker från ett parti.`;
  const spread = q.loadStdDev < 0.5 ? 'mycket jämnt' : q.loadStdDev < 1 ? 'jämnt' : 'ojämnt';
  // The engine ranks priority-weighted placement first, and that is the figure its bound proves.
  const weight = (x: number) => (Number.isInteger(x) ? String(x) : decimal(x, 1));
  const priority =
    plan.weightedGap <= 0
      ? 'Ingen plan kan ge företagen med högre prioritet mer: placeringen viktad efter prioritet är den bästa möjliga.'
      : `Med dessa värdar och tider kan som mest ${weight(plan.weightedUpperBound)} nås viktat efter prioritet, planen når ${weight(q.placedWeighted)}: en plan med fler högt prioriterade företag kan finnas.`;
  return [
    { label: 'Besök', text: placed },
    { label: 'Prioritet', text: priority },
    { label: 'Ämnen', text: `I ${q.topicFit} fall kan en värd i besöket ett ämne som företaget valt.` },
    {
      label: 'Partier',
      text: `Partierna får platser nära sin andel av politikerna (som mest ${decimal(q.partyBalance * 100, 0)} procentenheter från andelen). ${balance}`,
    },
    {
      label: 'Belastning',
      text: `Besöken fördelas ${spread} på värdarna: en värds antal besök skiljer sig i regel ${decimal(q.loadStdDev, 1)} från genomsnittet.`,
    },
    {
      label: 'Ändringar',
      text: q.changes === 0 ? 'Inget sparat besök ändras.' : `${visits(q.changes)} ändras jämfört med det som är sparat.`,
    },
  ];
}
