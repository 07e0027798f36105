/**
 * The visit-matching engine: pure TypeScript, plain data in and out, runs on Node and in Workers.
 * See docs/decisions/0002-visit-matching-engine.md.
 */
export { checkPlan, sameHosts } from './check-plan.ts';
export { DEFAULT_TIME_BUDGET_MS, defaultIterations, planVisits, timeBudgetOf } from './engine.ts';
export { planGreedy } from './greedy.ts';
export { DEFAULT_RULES, resolveRules } from './rules.ts';
export { defaultTravelMinutes, haversineKm, planningTravel } from './travel.ts';
export type {
  DelegationRules,
  HostKind,
  MatchHost,
  MatchingInput,
  MatchRequest,
  MatchSlot,
  MatchZone,
  MessageParams,
  Plan,
  PlannedVisit,
  PlanQuality,
  PlanViolation,
  PlanWarning,
  PlanWarningCode,
  TravelTime,
  UnplacedReason,
  UnplacedRequest,
} from './types.ts';
