/** Kind of host: politicians carry a party, officials a department. */
export type HostKind = 'politician' | 'official';

/** One company's visit request, as the engine sees it. */
export interface MatchRequest {
  id: string;
  /** Visit slots the company accepts. */
  slotIds: readonly string[];
  /** Topics the company wants to discuss. */
  topicIds: readonly string[];
  /** Zone of the company's address; the visit happens there. `null` when unknown. */
  zoneId: string | null;
  /** People the company will have at the table (carried for reports; it does not constrain the plan). */
  participants: number;
  /** Department the company asks for (honoured when the rules allow department requests). */
  wantsDepartment?: string | null;
  /** Party the company asks for (honoured when the rules allow party requests). */
  wantsParty?: string | null;
  /**
   * Number of politicians the company asks for. A wish, not a rule: the engine gives it when the rules and the free
   * hosts allow, else the rules' own composition, and says so in a `wish_not_met` warning.
   */
  wantsPoliticianCount?: number | null;
  /** Organiser's priority (≥ 0): placed requests are weighted by it. */
  priority: number;
  /** Arrival order: lower came first (used by the greedy baseline and for ties). */
  arrival: number;
}

/** A politician or official who can go on visits. */
export interface MatchHost {
  id: string;
  kind: HostKind;
  party?: string | null;
  department?: string | null;
  topicIds: readonly string[];
  /** Slots the host is available in. */
  availableSlotIds: readonly string[];
  /** Most visits per local day (in the event's time zone). */
  maxVisitsPerDay: number;
  /** Zone the host starts the day from; `null` when unknown. */
  startZoneId: string | null;
}

/** A visit slot: start and end as ISO-8601 UTC instants. */
export interface MatchSlot {
  id: string;
  startsAt: string;
  endsAt: string;
}

/** A zone of the municipality, with optional coordinates for default travel times. */
export interface MatchZone {
  id: string;
  latitude?: number | null;
  longitude?: number | null;
}

/** Minutes of travel from one zone to another. */
export interface TravelTime {
  fromZoneId: string;
  toZoneId: string;
  minutes: number;
}

/** The event's delegation rules (columns of `events`). */
export interface DelegationRules {
  minPoliticians: number;
  maxPoliticians: number;
  minOfficials: number;
  maxOfficials: number;
  maxDelegationSize: number;
  transferBufferMinutes: number;
  allowDepartmentRequest: boolean;
  allowPartyRequest: boolean;
}

/** A visit: a request in a slot with a delegation of hosts. */
export interface PlannedVisit {
  requestId: string;
  slotId: string;
  hostIds: readonly string[];
}

/** What to plan. Plain data in; nothing here touches a database. */
export interface MatchingInput {
  requests: readonly MatchRequest[];
  hosts: readonly MatchHost[];
  slots: readonly MatchSlot[];
  zones: readonly MatchZone[];
  travelTimes?: readonly TravelTime[];
  /** Missing fields take the defaults: exactly one politician and one official, 10 minutes' buffer. */
  rules?: Partial<DelegationRules>;
  /** Visits that must stay exactly as they are. */
  locked?: readonly PlannedVisit[];
  /** The plan this one replaces; the engine starts from it and counts changes against it. */
  previous?: readonly PlannedVisit[];
  /** Seed of the search; the same input and seed give the same plan (see `iterations`). */
  seed?: number;
  /**
   * Wall-clock cap on the search in milliseconds. Default: 2,000 when `iterations` is unset; none when it is set,
   * so a caller that names an iteration cap gets the same plan on a loaded machine as on an idle one.
   */
  timeBudgetMs?: number;
  /**
   * Cap on search iterations. A run that ends by this cap (or by stagnation) is deterministic; a run cut by
   * `timeBudgetMs` depends on the machine's speed. Default: 400 × requests, at least 5,000.
   */
  iterations?: number;
  /** IANA time zone that defines a "day" for max visits per day (default Europe/Stockholm). */
  timeZone?: string;
  /** Minutes assumed between two different zones when neither a table entry nor coordinates exist (default 15). */
  fallbackTravelMinutes?: number;
  /**
   * Where "fewest changes from the previous plan" ranks: `'last'` (after load evenness, the order) or
   * `'after-placement'` (right after placement, so a re-plan moves as little as possible). Default: `'after-placement'`
   * when `previous` is given.
   */
  stability?: 'last' | 'after-placement';
}

/** Which constraint kept a request out of the plan. */
export type UnplacedReason =
  | 'no_acceptable_slot'
  | 'composition'
  | 'department_party'
  | 'availability'
  | 'capacity'
  | 'travel'
  | 'max_visits';

/**
 * Values that complete a message's code, so the UI can say it with names, times and places (ids here; the UI looks
 * them up): `slotIds` and `hostIds` name who or when, counts and minutes are numbers.
 */
export type MessageParams = {
  slotIds?: readonly string[];
  hostIds?: readonly string[];
  /** The other visit's request (a double booking, a travel leg). */
  otherRequestId?: string;
  otherSlotId?: string;
  party?: string;
  department?: string;
  day?: string;
  /** A count that breaks a limit, and the limit. */
  count?: number;
  limit?: number;
  politicians?: number;
  officials?: number;
  minPoliticians?: number;
  maxPoliticians?: number;
  minOfficials?: number;
  maxOfficials?: number;
  maxSize?: number;
  /** Travel: minutes the leg needs (travel + buffer) and minutes there are between the visits. */
  minutesNeeded?: number;
  minutesAvailable?: number;
  /** A wish: how many politicians were asked for and how many the visit has. */
  wanted?: number;
  given?: number;
  /** Capacity: whether the hosts who could go are on saved visits (`booked`) or on other requests of this plan. */
  takenBy?: 'booked' | 'planned';
  /** A rule broken by a locked visit (a `PlanViolation` code). */
  rule?: string;
};

/** A request the plan leaves out, and why. */
export interface UnplacedRequest {
  requestId: string;
  reason: UnplacedReason;
  params: MessageParams;
  /** One English sentence for logs; the UI says `reason` with `params` in the organiser's language. */
  detail: string;
}

/** Something the organiser should know about a plan, with a stable code. */
export type PlanWarningCode =
  /** A placed visit has fewer politicians than the company asked for (`wanted`, `given`, `limit` the rules' most). */
  | 'wish_not_met'
  /** A locked visit names a request the input does not have. */
  | 'locked_unknown_request'
  /** A locked visit breaks a rule (`rule`: the violation's code); it stays as it is. */
  | 'locked_breaks_rule'
  /** A request's zone is neither among the zones nor in the travel table: travel to it takes the fallback. */
  | 'unknown_zone'
  /** Locked visits that break the rules place more than the upper bound allows; the bound is raised to match. */
  | 'locked_beyond_bound';

export interface PlanWarning {
  code: PlanWarningCode;
  requestId?: string;
  hostId?: string;
  slotId?: string;
  params: MessageParams;
  /** One English sentence for logs. */
  message: string;
}

/** Quality figures of a plan. */
export interface PlanQuality {
  requests: number;
  placed: number;
  /** Sum of the priorities of placed requests. */
  placedWeighted: number;
  /** Matched topics summed over visits (a request topic counts once when any host of the delegation knows it). */
  topicFit: number;
  /** Largest |party's share of politician seats − its share of available politicians|, 0…1. */
  partyBalance: number;
  /** Visits with two or more politicians who all belong to one party. */
  sameParty: number;
  /** Standard deviation of visits per host, over hosts with any availability. */
  loadStdDev: number;
  /** Requests whose visit differs from the previous plan (added, removed, moved or re-staffed). */
  changes: number;
}

/** The engine's answer. */
export interface Plan {
  visits: PlannedVisit[];
  unplaced: UnplacedRequest[];
  quality: PlanQuality;
  /**
   * Provable upper bound on the priority-weighted placement, the objective the engine ranks first (see
   * docs/decisions/0012). The figure the organiser sees first.
   */
  weightedUpperBound: number;
  /** `weightedUpperBound − placedWeighted`: 0 means the plan is proven optimal on weighted placement. */
  weightedGap: number;
  /** Weighted gap as a percentage of the weighted bound (0 when the bound is 0). */
  weightedGapPercent: number;
  /** Provable upper bound on the number of placeable requests, the second figure (see docs/decisions/0002). */
  upperBound: number;
  /** `upperBound − placed`. */
  gap: number;
  /** Gap as a percentage of the upper bound (0 when the bound is 0). */
  gapPercent: number;
  /**
   * Where the bounds come from: `flow` (the engine's flow bounds, on every runtime), `lp` (also the LP relaxation of
   * the exact model, Node only) or `mip` (also the exact solver's proven bound, Node only).
   */
  boundSource: BoundSource;
  stats: {
    iterations: number;
    elapsedMs: number;
    stoppedBy: 'iterations' | 'time' | 'stagnation';
    /** The exact solver's run, when the exact mode ran (Node only). */
    exact?: ExactStats;
  };
  /** Things the organiser should know: a wish that could not be met, a locked visit that breaks a rule. */
  warnings: PlanWarning[];
}

/** Where a plan's bounds come from (see `Plan.boundSource`). */
export type BoundSource = 'flow' | 'lp' | 'mip';

/** What the exact solver did (docs/decisions/0012). */
export interface ExactStats {
  /**
   * `optimal`: the plan's weighted placement is proven optimal (by the flow, LP or integer program bound); `limit`:
   * not proven within the limits (time, nodes, or above the size where the integer program runs), the plan carries
   * its proven gap; `skipped`: locked visits break a rule, so the model has no valid plan and the heuristic's stands.
   */
  status: 'optimal' | 'limit' | 'skipped';
  /** Why it was skipped, or what limited it. */
  detail: string;
  /** Branch-and-bound nodes explored. */
  nodes: number;
  elapsedMs: number;
  /** True when the exact solver's plan replaced the heuristic's (it was better). */
  improved: boolean;
  /** The solver's own plan, when it gave a valid one (the heuristic's may be kept: it is as good and better on topics). */
  solverPlan?: { placed: number; placedWeighted: number };
}

/** One broken rule found by `checkPlan`. */
export interface PlanViolation {
  code:
    | 'unknown_request'
    | 'unknown_slot'
    | 'unknown_host'
    | 'duplicate_request'
    | 'slot_not_acceptable'
    | 'host_unavailable'
    | 'host_double_booked'
    | 'max_visits'
    | 'travel'
    | 'composition'
    | 'department_party'
    | 'locked_changed';
  params: MessageParams;
  /** One English sentence for logs; the UI says `code` with `params`. */
  message: string;
  requestId?: string;
  hostId?: string;
  slotId?: string;
}
