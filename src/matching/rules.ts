import type { DelegationRules, MatchingInput, MatchRequest } from './types.ts';

/** The defaults of `events`: exactly one politician and one official, 10 minutes' buffer, department requests on. */
export const DEFAULT_RULES: DelegationRules = {
  minPoliticians: 1,
  maxPoliticians: 1,
  minOfficials: 1,
  maxOfficials: 1,
  maxDelegationSize: 2,
  transferBufferMinutes: 10,
  allowDepartmentRequest: true,
  allowPartyRequest: false,
};

/** The rules of an input with defaults filled in. */
export function resolveRules(input: Pick<MatchingInput, 'rules'>): DelegationRules {
  return { ...DEFAULT_RULES, ...input.rules };
}

/** What one request's delegation must contain under the rules. */
export interface RequestNeeds {
  /** Politicians at least / at most. A wished count is not part of the minimum: see `wantedPoliticians`. */
  minPoliticians: number;
  maxPoliticians: number;
  minOfficials: number;
  maxOfficials: number;
  maxSize: number;
  /** Party that must be among the politicians, or null. */
  party: string | null;
  /** Department that must be among the officials, or null. */
  department: string | null;
  /** False when no delegation can satisfy the rules and the request together. */
  satisfiable: boolean;
  /** Politicians the company asked for (0: no wish), before any limit. */
  wishedPoliticians: number;
  /** Politicians the delegation should have when hosts allow: the wish within the rules' most, else the minimum. */
  wantedPoliticians: number;
}

/**
 * The delegation a request needs. A wished party/department adds one required member. A wished politician count is
 * a wish, never a requirement: it is given up to what the rules leave room for (the most politicians, and the
 * delegation's size after the officials the rules require), and when the free hosts allow; otherwise the visit gets
 * the rules' own composition and the plan warns (`wish_not_met`). So a wish never costs a company its visit.
 */
export function requestNeeds(request: MatchRequest, rules: DelegationRules): RequestNeeds {
  const party = rules.allowPartyRequest && request.wantsParty ? request.wantsParty : null;
  const department = rules.allowDepartmentRequest && request.wantsDepartment ? request.wantsDepartment : null;
  const minPoliticians = Math.max(rules.minPoliticians, party ? 1 : 0);
  const minOfficials = Math.max(rules.minOfficials, department ? 1 : 0);
  const maxSize = rules.maxDelegationSize;
  const wishedPoliticians = Math.max(0, Math.floor(request.wantsPoliticianCount ?? 0));
  const roomForPoliticians = Math.min(rules.maxPoliticians, maxSize - minOfficials);
  const wantedPoliticians = Math.max(minPoliticians, Math.min(wishedPoliticians, roomForPoliticians));
  const satisfiable =
    minPoliticians <= rules.maxPoliticians &&
    minOfficials <= rules.maxOfficials &&
    minPoliticians + minOfficials <= maxSize &&
    maxSize >= 1 &&
    rules.maxPoliticians + rules.maxOfficials >= 1;
  return {
    minPoliticians,
    maxPoliticians: rules.maxPoliticians,
    minOfficials,
    maxOfficials: rules.maxOfficials,
    maxSize,
    party,
    department,
    satisfiable,
    wishedPoliticians,
    wantedPoliticians,
  };
}
