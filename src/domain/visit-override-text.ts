/**
 * A kept rule breach in words an organiser reads, for the board, the day schedules and the exports: which rules the
 * visit breaks (with the host's name where a host is concerned) and who chose to keep it.
 */
import type { VisitOverride } from './visit-data.ts';

const ruleNames: Record<string, string> = {
  slot_not_acceptable: 'tiden passar inte företaget',
  host_unavailable: 'värden är inte tillgänglig då',
  composition: 'delegationens sammansättning följer inte reglerna',
  department_party: 'önskat parti eller förvaltning saknas',
  max_visits: 'värden har fler besök den dagen än tillåtet',
  travel: 'restiden till eller från besöket räcker inte',
  locked_changed: 'ett låst besök har ändrats',
};

/** One rule in words: "restiden … räcker inte (Anna Berg)". */
export function ruleText(rule: VisitOverride['rules'][number], hostName: (id: string) => string | undefined): string {
  const name = ruleNames[rule.code] ?? rule.code;
  const host = rule.hostId ? hostName(rule.hostId) : undefined;
  return host ? `${name} (${host})` : name;
}

/** "Bryter mot: …; behålls av … " — the whole override in one line. */
export function overrideText(override: VisitOverride, hostName: (id: string) => string | undefined): string {
  const rules = [...new Set(override.rules.map((r) => ruleText(r, hostName)))];
  return `Bryter mot: ${rules.join('; ')}. Behålls av ${override.by}.`;
}
