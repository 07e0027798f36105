/**
 * Exact mode, Node only: the aggregated integer program of `exact-model.ts` solved with HiGHS (WASM), warm-started
 * from the heuristic's plan. Returns a plan proven optimal on priority-weighted placement, or the best plan found with
 * its proven gap. Also the LP relaxation's bound for events too large for the integer program. Never imported by the
 * Worker bundle (src/matching/index.ts does not export it). See docs/decisions/0012-exact-planning.md.
 */
import highsModule, { type Highs } from 'highs';
import { checkPlan } from './check-plan.ts';
import { enrich, planVisits, timeBudgetOf } from './engine.ts';
import { buildExactModel, columnsOfPlan, delegationsFrom, type ExactModel } from './exact-model.ts';
import { buildModel, type Model } from './model.ts';
import { type PlanBounds, setBounds, toPlan } from './plan-output.ts';
import { startState } from './start-state.ts';
import type { PlanState } from './state.ts';
import type { ExactStats, MatchingInput, Plan, PlannedVisit } from './types.ts';
import { placeableAlone } from './upper-bound.ts';

/** How the exact mode runs. */
export interface ExactOptions {
  /** Events with more requests get the heuristic plan and the LP bound only (default 400). */
  maxRequests?: number;
  /**
   * Cap on branch-and-bound nodes. A run capped by nodes and iterations (no time budget) is deterministic. Default:
   * 5,000 when the input sets `iterations` or no time budget, else none (time decides).
   */
  maxNodes?: number;
  /**
   * Run the integer program even when a bound already proves the heuristic's plan optimal (benchmarks and tests:
   * the solver's own optimum). Default false.
   */
  solveAlways?: boolean;
  /** Start the solver from the heuristic's plan (default true); false makes it find every visit itself (tests). */
  warmStart?: boolean;
}

/** The share of a time budget the heuristic gets before the exact solver takes the rest. */
const HEURISTIC_SHARE = 0.3;
const DEFAULT_MAX_REQUESTS = 400;
const DEFAULT_NODES_WHEN_CAPPED = 5_000;

// The package's types describe CommonJS (the default import is the module object), while Node loads its ES module,
// whose default export is the loader itself.
const highsLoader = (typeof highsModule === 'function' ? highsModule : highsModule.default) as typeof highsModule.default;
let loading: Promise<Highs> | undefined;
/** The HiGHS runtime, loaded once per thread. */
function highs(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

/** Plans with the heuristic, then proves or improves the plan with HiGHS (Node only). */
export async function planVisitsExact(input: MatchingInput, options: ExactOptions = {}): Promise<Plan> {
  const started = Date.now();
  const budget = timeBudgetOf(input);
  const timed = Number.isFinite(budget);
  // With an iteration cap the caller wants the same plan on any machine: the heuristic keeps its cap, the solver gets a
  // node cap, and time is only a safety net. Otherwise the heuristic gets a share of the time and HiGHS the rest.
  const capped = input.iterations !== undefined;
  const heuristic = planVisits(timed && !capped ? { ...input, timeBudgetMs: Math.max(50, Math.floor(budget * HEURISTIC_SHARE)) } : input);
  const deadline = started + budget;
  const secondsLeft = () => Math.max(0.05, (deadline - Date.now()) / 1000);
  const exact: ExactStats = { status: 'skipped', detail: '', nodes: 0, elapsedMs: 0, improved: false };
  const finish = (plan: Plan, bounds: PlanBounds | null): Plan => {
    if (bounds) setBounds(plan, bounds);
    // Optimal means proven on the objective ranked first, by whichever bound proves it.
    if (exact.status !== 'skipped') exact.status = plan.weightedGap === 0 ? 'optimal' : 'limit';
    exact.elapsedMs = Date.now() - started - heuristic.stats.elapsedMs;
    plan.stats = { ...plan.stats, elapsedMs: Date.now() - started, exact };
    return plan;
  };
  if (heuristic.warnings.some((w) => w.code === 'locked_breaks_rule' || w.code === 'locked_unknown_request')) {
    exact.detail = 'locked visits break the rules';
    return finish(heuristic, null);
  }
  if (heuristic.weightedGap === 0 && heuristic.gap === 0 && !options.solveAlways) {
    exact.status = 'optimal';
    exact.detail = "the flow bounds prove the heuristic's plan optimal";
    return finish(heuristic, null);
  }

  const m = buildModel(input);
  const lockedVisits = new Map<number, PlannedVisit>();
  const base = startState(m, input, lockedVisits);
  const e = buildExactModel(m, base, placeableAlone(m));
  if (e.xCount === 0) {
    // No request that is not locked could be placed even alone: the plan is what can be.
    exact.status = 'optimal';
    exact.detail = 'no request left that could be placed';
    exact.solverPlan = { placed: heuristic.quality.placed, placedWeighted: heuristic.quality.placedWeighted };
    return finish(heuristic, { count: heuristic.quality.placed, weighted: heuristic.quality.placedWeighted, source: 'lp' });
  }
  const runtime = await highs();
  const C = runtime.constants;
  const integral = m.requestPriority.every((p) => Number.isInteger(p));
  /** Objective values differ by at least 1 between plans of different weight when priorities are whole numbers. */
  const floorIfIntegral = (x: number) => (integral ? Math.floor(x + 1e-6) : x);
  const model = runtime.createModel({
    numCols: e.numCols,
    numRows: e.numRows,
    sense: C.objectiveSense.maximize,
    colCost: costs(e, (r) => m.requestPriority[r]!),
    colLower: e.colLower,
    colUpper: e.colUpper,
    rowLower: e.rowLower.map((x) => (Number.isFinite(x) ? x : -runtime.infinity)),
    rowUpper: e.rowUpper.map((x) => (Number.isFinite(x) ? x : runtime.infinity)),
    matrix: { format: 'csr', numRows: e.numRows, numCols: e.numCols, starts: e.starts, indices: e.indices, values: e.values },
  });
  try {
    // HiGHS in this package always runs on one thread; the seed fixes its remaining choices.
    model.options.set({ output_flag: false, random_seed: 1 });
    const bounds: PlanBounds = { count: heuristic.upperBound, weighted: heuristic.weightedUpperBound, source: 'flow' };
    const lp = (cost: (r: number) => number): number | null => {
      const c = costs(e, cost);
      model.changeColsCost({ kind: 'range', from: 0, to: e.numCols - 1 }, c);
      // Interior point without crossover: several times faster than simplex on large events, and its duals, however
      // approximate or cut short by the time limit, give a valid bound through safeDualBound.
      model.options.set({ solver: 'ipm', run_crossover: 'off', ...(timed ? { time_limit: secondsLeft() } : {}) });
      model.run();
      const { rowDual } = model.getSolution();
      return rowDual.length === e.numRows ? safeDualBound(e, c, rowDual) : null;
    };
    const tightenCount = () => {
      const lpCount = lp(() => 1);
      if (lpCount !== null && Math.floor(lpCount + 1e-6) < bounds.count) {
        bounds.count = Math.floor(lpCount + 1e-6);
        if (bounds.source === 'flow') bounds.source = 'lp';
      }
    };
    const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
    const lpWeighted = lp((r) => m.requestPriority[r]!);
    if (lpWeighted !== null && floorIfIntegral(lpWeighted) < bounds.weighted) {
      bounds.weighted = floorIfIntegral(lpWeighted);
      bounds.source = 'lp';
    }
    if (m.requestCount > maxRequests) {
      // Too large for the integer program within a budget: the LP relaxation's bounds on the heuristic's plan.
      exact.status = 'limit';
      exact.detail = `more than ${maxRequests} requests: the heuristic's plan with the LP relaxation's bounds (no integer program)`;
      tightenCount();
      return finish(heuristic, bounds);
    }
    if (heuristic.quality.placedWeighted >= bounds.weighted - 1e-9 && heuristic.quality.placed >= bounds.count && !options.solveAlways) {
      exact.status = 'optimal';
      exact.detail = "the LP bound proves the heuristic's plan optimal";
      return finish(heuristic, bounds);
    }

    // The integer program: weight first, then one more placed request worth less than any difference in weight.
    const tieBreak = integral ? 1 / (m.requestCount + 1) : 0;
    model.changeColsCost(
      { kind: 'range', from: 0, to: e.numCols - 1 },
      costs(e, (r) => m.requestPriority[r]! + tieBreak),
    );
    model.changeColsIntegrality({ kind: 'range', from: 0, to: e.numCols - 1 }, new Int32Array(e.numCols).fill(C.variableType.integer));
    const nodes = options.maxNodes ?? (timed && !capped ? undefined : DEFAULT_NODES_WHEN_CAPPED);
    model.options.set({
      solver: 'choose',
      mip_rel_gap: 0,
      mip_abs_gap: integral ? tieBreak / 2 : 1e-6,
      ...(nodes !== undefined ? { mip_max_nodes: nodes } : {}),
      ...(timed ? { time_limit: secondsLeft() } : {}),
    });
    if (options.warmStart ?? true) {
      const start = columnsOfPlan(e, m, stateOf(m, input, heuristic.visits));
      model.setSolution({ indices: Int32Array.from(start), values: new Float64Array(start.length).fill(1) });
    }
    const run = model.run();
    exact.nodes = Number(model.info.get('mip_node_count'));
    const optimal = run.modelStatus === C.modelStatus.optimal;
    exact.status = 'limit';
    exact.detail = optimal
      ? 'the integer program was solved to optimality'
      : `the integer program stopped at ${run.modelStatus === C.modelStatus.timeLimit ? 'the time limit' : 'its node limit'}`;
    const dual = Number(model.info.get('mip_dual_bound'));
    if (Number.isFinite(dual) && floorIfIntegral(dual) < bounds.weighted) {
      bounds.weighted = floorIfIntegral(dual);
      bounds.source = 'mip';
    }
    let plan = heuristic;
    const solution = model.getSolution().colValue;
    const hasSolution = Number(model.info.get('primal_solution_status')) === C.solutionStatus.feasible;
    const candidate = hasSolution && solution.length === e.numCols ? planFrom(e, m, input, solution, heuristic.stats) : null;
    if (candidate) exact.solverPlan = { placed: candidate.quality.placed, placedWeighted: candidate.quality.placedWeighted };
    if (candidate && better(candidate, heuristic)) {
      plan = candidate;
      exact.improved = true;
    }
    if (optimal && candidate === null) exact.detail = 'the integer program was solved, but its solution did not give a valid plan';
    // The integer program ranks weight first; the count bound over every plan comes from the LP relaxation.
    if (plan.quality.placed < bounds.count && (!timed || deadline - Date.now() > 100)) {
      model.clearIntegrality();
      tightenCount();
    }
    return finish(plan, bounds);
  } finally {
    model.dispose();
  }
}

/**
 * An upper bound on the LP relaxation (so on every plan) from any row multipliers y, exact or not: for
 * max c'x subject to L ≤ Ax ≤ U and l ≤ x ≤ u, c'x = (c − A'y)'x + y'Ax ≤ Σ_j max over x_j of (c − A'y)_j x_j +
 * Σ_i (y_i ≥ 0 ? y_i U_i : y_i L_i), where a multiplier whose side is unbounded counts as 0. Both y and −y give valid
 * bounds (the solver's sign convention does not matter); the smaller is taken.
 */
export function safeDualBound(e: ExactModel, cost: Float64Array, rowDual: Float64Array): number {
  const bound = (sign: number): number => {
    const reduced = Float64Array.from(cost);
    let total = 0;
    for (let i = 0; i < e.numRows; i++) {
      let y = sign * rowDual[i]!;
      if (!Number.isFinite(y) || (y > 0 && !Number.isFinite(e.rowUpper[i]!)) || (y < 0 && !Number.isFinite(e.rowLower[i]!))) y = 0;
      if (y === 0) continue;
      total += y > 0 ? y * e.rowUpper[i]! : y * e.rowLower[i]!;
      for (let k = e.starts[i]!; k < e.starts[i + 1]!; k++) reduced[e.indices[k]!]! -= y * e.values[k]!;
    }
    for (let j = 0; j < e.numCols; j++) total += Math.max(reduced[j]! * e.colLower[j]!, reduced[j]! * e.colUpper[j]!);
    return total;
  };
  return Math.min(bound(1), bound(-1));
}

/** Objective coefficients: `weight(r)` on each x column, 0 on y. */
function costs(e: ExactModel, weight: (r: number) => number): Float64Array {
  const out = new Float64Array(e.numCols);
  for (let c = 0; c < e.xCount; c++) out[c] = weight(e.xRequest[c]!);
  return out;
}

/** A state holding the locked visits and the given plan's other visits. */
function stateOf(m: Model, input: MatchingInput, visits: readonly PlannedVisit[]): PlanState {
  const state = startState(m, input, new Map());
  for (const v of visits) {
    const r = m.requestIndex.get(v.requestId);
    const s = m.slotIndex.get(v.slotId);
    if (r === undefined || s === undefined || state.locked[r]) continue;
    state.place(
      r,
      s,
      v.hostIds.map((id) => m.hostIndex.get(id)!),
    );
  }
  return state;
}

/** The plan of a solution, or null when its delegations cannot be chosen or the plan breaks a rule. */
function planFrom(e: ExactModel, m: Model, input: MatchingInput, solution: Float64Array, stats: Plan['stats']): Plan | null {
  const placed = delegationsFrom(e, m, (c) => solution[c]!);
  if (!placed) return null;
  const lockedVisits = new Map<number, PlannedVisit>();
  const state = startState(m, input, lockedVisits);
  for (const [r, { slot, hosts }] of placed) state.place(r, slot, hosts);
  enrich(state);
  const plan = toPlan(state, { count: 0, weighted: 0, source: 'mip' }, { lockedVisits, warnings: [], stats: { ...stats } });
  return checkPlan(input, plan.visits).length === 0 ? plan : null;
}

/** Better on the objective's first terms: weighted placement, then placed requests. */
function better(a: Plan, b: Plan): boolean {
  const dw = a.quality.placedWeighted - b.quality.placedWeighted;
  if (Math.abs(dw) > 1e-9) return dw > 0;
  return a.quality.placed > b.quality.placed;
}
