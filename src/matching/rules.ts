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
  /** Politicians at least / at most. */
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
}

/**
 * The delegation a request needs. A wished politician count is honoured up to the rules' maximum (a company asking
 * for more than the event allows still gets the maximum); a wished party/department adds one required member.
 */
export function requestNeeds(request: MatchRequest, rules: DelegationRules): RequestNeeds {
  const party = rules.allowPartyRequest && request.wantsParty ? request.wantsParty : null;
  const department = rules.allowDepartmentRequest && request.wantsDepartment ? request.wantsDepartment : null;
  const wanted = Math.min(request.wantsPoliticianCount ?? 0, rules.maxPoliticians);
  const minPoliticians = Math.max(rules.minPoliticians, wanted, party ? 1 : 0);
  const minOfficials = Math.max(rules.minOfficials, department ? 1 : 0);
  const maxSize = rules.maxDelegationSize;
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
  };
}
