/**
 * Every planning message in words an organiser reads, in Swedish or English: a broken rule (from `checkPlan`, a
 * change by hand, a kept breach), why a request has no visit, and a plan's warnings. The engine and the API speak in
 * stable codes with parameters (ids, counts, minutes); this is the one place that turns them into sentences with
 * names, times and places. A name that cannot be found is left out of the sentence, never replaced by an id.
 */
import type { MessageParams, PlanWarning, UnplacedReason } from '../matching/index.ts';
import type { VisitOverride } from './visit-data.ts';

export type PlanningLang = 'sv' | 'en';

/** Looks ids up for the sentences: host names, companies by request id, slots as times ("09:00–09:45"). */
export interface PlanningNames {
  host: (id: string) => string | undefined;
  company?: (requestId: string) => string | undefined;
  slot?: (slotId: string) => string | undefined;
}

/** A broken rule as the engine, the API or a kept breach carries it. Older kept breaches have no params. */
export interface RuleBreach {
  code: string;
  hostId?: string;
  requestId?: string;
  slotId?: string;
  params?: MessageParams;
}

/** Why a request in the queue has no visit: the engine's reason, or the board's own two. */
export type QueueReason = UnplacedReason | 'placeable' | 'unchecked';

const MAX_NAMES = 4;

/** "Anna, Bo och Cia" / "Anna, Bo and Cia"; past four names "… och 3 till". Unknown ids are left out. */
function list(names: readonly (string | undefined)[], lang: PlanningLang): string {
  const known = [...new Set(names.filter((n): n is string => Boolean(n)))];
  const and = lang === 'sv' ? 'och' : 'and';
  if (known.length > MAX_NAMES) {
    const rest = known.length - (MAX_NAMES - 1);
    return `${known.slice(0, MAX_NAMES - 1).join(', ')} ${and} ${rest} ${lang === 'sv' ? 'till' : 'more'}`;
  }
  if (known.length <= 1) return known[0] ?? '';
  return `${known.slice(0, -1).join(', ')} ${and} ${known.at(-1)}`;
}

function lookups(names: PlanningNames, lang: PlanningLang) {
  const host = (id?: string) => (id ? names.host(id) : undefined);
  const company = (id?: string) => (id ? names.company?.(id) : undefined);
  const slot = (id?: string) => (id ? names.slot?.(id) : undefined);
  const hosts = (ids?: readonly string[]) =>
    list(
      (ids ?? []).map((id) => names.host(id)),
      lang,
    );
  const slots = (ids?: readonly string[]) =>
    list(
      (ids ?? []).map((id) => names.slot?.(id)),
      lang,
    );
  return { host, company, slot, hosts, slots };
}

/** "hos Företaget AB kl. 09:00–09:45" / "at Company Ltd at 09:00–09:45", with the parts that are known. */
function visitAt(company: string | undefined, slot: string | undefined, lang: PlanningLang): string {
  const parts = lang === 'sv' ? [company && `hos ${company}`, slot && `kl. ${slot}`] : [company && `at ${company}`, slot && `at ${slot}`];
  return parts.filter(Boolean).join(' ');
}

const spaced = (text: string) => (text ? ` ${text}` : '');

/** "1 politiker" / "2 tjänstepersoner" / "1 official". */
function count(n: number, kind: 'politician' | 'official' | 'person', lang: PlanningLang): string {
  const words = {
    sv: { politician: ['politiker', 'politiker'], official: ['tjänsteperson', 'tjänstepersoner'], person: ['person', 'personer'] },
    en: { politician: ['politician', 'politicians'], official: ['official', 'officials'], person: ['person', 'people'] },
  }[lang][kind];
  return `${n} ${n === 1 ? words[0] : words[1]}`;
}

/** "1–2 politiker, 1 tjänsteperson, högst 3 personer": what the rules ask of a delegation. */
function rulesText(p: MessageParams, lang: PlanningLang): string {
  const range = (min = 0, max = min, kind: 'politician' | 'official') =>
    min === max ? count(min, kind, lang) : `${min}–${count(max, kind, lang)}`;
  const most = lang === 'sv' ? `högst ${count(p.maxSize ?? 0, 'person', lang)}` : `at most ${count(p.maxSize ?? 0, 'person', lang)}`;
  return `${range(p.minPoliticians, p.maxPoliticians, 'politician')}, ${range(p.minOfficials, p.maxOfficials, 'official')}, ${most}`;
}

/** Generic words for a rule, for kept breaches stored before rules carried their parameters. */
const ruleNames: Record<PlanningLang, Record<string, string>> = {
  sv: {
    unknown_request: 'önskemålet finns inte längre',
    duplicate_request: 'företaget har redan ett besök',
    unknown_slot: 'tiden finns inte längre',
    unknown_host: 'en värd finns inte längre i evenemanget',
    slot_not_acceptable: 'tiden passar inte företaget',
    host_unavailable: 'värden är inte tillgänglig då',
    host_double_booked: 'värden är på två besök samtidigt',
    composition: 'delegationens sammansättning följer inte reglerna',
    department_party: 'önskat parti eller förvaltning saknas',
    max_visits: 'värden har fler besök den dagen än tillåtet',
    travel: 'restiden till eller från besöket räcker inte',
    locked_changed: 'ett låst besök har ändrats',
    conflict: 'planeringen ändrades samtidigt (en värd hann bokas eller företaget drog tillbaka sitt önskemål); försök igen',
  },
  en: {
    unknown_request: 'the request no longer exists',
    duplicate_request: 'the company already has a visit',
    unknown_slot: 'the time no longer exists',
    unknown_host: 'a host is no longer part of the event',
    slot_not_acceptable: 'the time does not suit the company',
    host_unavailable: 'the host is not available then',
    host_double_booked: 'the host is on two visits at once',
    composition: 'the delegation does not follow the rules',
    department_party: 'the wished party or department is missing',
    max_visits: 'the host has more visits that day than allowed',
    travel: 'there is not enough time to travel to or from the visit',
    locked_changed: 'a locked visit has changed',
    conflict: 'the planning changed meanwhile (a host was booked or the company withdrew its request); try again',
  },
};

/** One broken rule as a sentence (no final full stop), e.g. "Anna Berg hinner inte från Företag A kl. 09:00–09:45 …". */
export function ruleText(rule: RuleBreach, names: PlanningNames, lang: PlanningLang = 'sv'): string {
  const p = rule.params;
  const n = lookups(names, lang);
  const host = n.host(rule.hostId);
  const sv = lang === 'sv';
  if (!p) {
    const name = ruleNames[lang][rule.code] ?? ruleNames[lang].composition!;
    return host ? `${name} (${host})` : name;
  }
  // With a leading space, so a visit whose company and time are unknown leaves no double space.
  const here = spaced(visitAt(n.company(rule.requestId), n.slot(rule.slotId), lang));
  const other = spaced(visitAt(n.company(p.otherRequestId), n.slot(p.otherSlotId), lang));
  switch (rule.code) {
    case 'unknown_request':
      return sv ? 'Önskemålet finns inte längre' : 'The request no longer exists';
    case 'duplicate_request':
      return sv
        ? `${n.company(rule.requestId) ?? 'Företaget'} har redan ett besök`
        : `${n.company(rule.requestId) ?? 'The company'} already has a visit`;
    case 'unknown_slot':
      return sv ? 'Besökets tid finns inte längre i evenemanget' : 'The time of the visit is no longer part of the event';
    case 'unknown_host':
      return sv ? 'En värd i delegationen finns inte längre i evenemanget' : 'A host in the delegation is no longer part of the event';
    case 'slot_not_acceptable':
      return sv
        ? `${n.company(rule.requestId) ?? 'Företaget'} har inte valt ${n.slot(rule.slotId) ?? 'den tiden'}; företaget valde ${n.slots(p.slotIds) || 'andra tider'}`
        : `${n.company(rule.requestId) ?? 'The company'} did not choose ${n.slot(rule.slotId) ?? 'that time'}; it chose ${n.slots(p.slotIds) || 'other times'}`;
    case 'host_unavailable':
      return sv
        ? `${host ?? 'Värden'} är inte tillgänglig ${n.slot(rule.slotId) ? `kl. ${n.slot(rule.slotId)}` : 'då'}`
        : `${host ?? 'The host'} is not available ${n.slot(rule.slotId) ? `at ${n.slot(rule.slotId)}` : 'then'}`;
    case 'host_double_booked':
      return sv
        ? `${host ?? 'En värd'} är på två besök samtidigt:${other} och${here}`
        : `${host ?? 'A host'} is on two visits at once:${other} and${here}`;
    case 'travel':
      return sv
        ? `${host ?? 'En värd'} hinner inte från besöket${other} till besöket${here}: resan tar ${p.minutesNeeded} min med marginal, men det är ${p.minutesAvailable} min mellan besöken`
        : `${host ?? 'A host'} cannot get from the visit${other} to the visit${here} in time: the journey takes ${p.minutesNeeded} min with the buffer, but there are ${p.minutesAvailable} min between the visits`;
    case 'max_visits':
      return sv
        ? `${host ?? 'En värd'} har ${p.count} besök samma dag (${n.slots(p.slotIds)}) men tar högst ${p.limit}`
        : `${host ?? 'A host'} has ${p.count} visits on one day (${n.slots(p.slotIds)}) but takes at most ${p.limit}`;
    case 'composition':
      if (p.politicians === undefined) {
        return sv ? `${host ?? 'En värd'} står två gånger i delegationen` : `${host ?? 'A host'} is in the delegation twice`;
      }
      return sv
        ? `Delegationen${here} har ${count(p.politicians, 'politician', lang)} och ${count(p.officials ?? 0, 'official', lang)}; reglerna kräver ${rulesText(p, lang)}`
        : `The delegation${here} has ${count(p.politicians, 'politician', lang)} and ${count(p.officials ?? 0, 'official', lang)}; the rules ask for ${rulesText(p, lang)}`;
    case 'department_party':
      if (p.party)
        return sv
          ? `Ingen politiker från ${p.party} är med${here}, som företaget önskade`
          : `No politician of ${p.party} is on the visit${here}, as the company wished`;
      return sv
        ? `Ingen tjänsteperson från ${p.department} är med${here}, som företaget önskade`
        : `No official of ${p.department} is on the visit${here}, as the company wished`;
    case 'locked_changed':
      return sv ? `Det låsta besöket${here} har ändrats` : `The locked visit${here} has changed`;
    default:
      return ruleNames[lang][rule.code] ?? rule.code;
  }
}

/** Why a request has no visit, as one sentence with a full stop. */
export function unplacedText(
  reason: QueueReason,
  params: MessageParams | undefined,
  names: PlanningNames,
  lang: PlanningLang = 'sv',
): string {
  const p = params ?? {};
  const n = lookups(names, lang);
  const sv = lang === 'sv';
  const when = n.slots(p.slotIds);
  const at = when ? (sv ? ` kl. ${when}` : ` at ${when}`) : sv ? ' på de önskade tiderna' : ' at the times asked for';
  switch (reason) {
    case 'placeable':
      return sv
        ? 'Kan placeras nu – planera automatiskt eller placera för hand.'
        : 'Can be placed now – plan automatically or place by hand.';
    case 'unchecked':
      return sv ? 'Inte prövat ännu.' : 'Not checked yet.';
    case 'no_acceptable_slot':
      return sv
        ? 'Ingen av tiderna företaget valt finns kvar i evenemanget.'
        : 'None of the times the company chose is still part of the event.';
    case 'composition':
      if (p.politicians !== undefined) {
        return sv
          ? `Evenemanget har ${count(p.politicians, 'politician', lang)} och ${count(p.officials ?? 0, 'official', lang)}; reglerna kräver ${rulesText(p, lang)} per besök.`
          : `The event has ${count(p.politicians, 'politician', lang)} and ${count(p.officials ?? 0, 'official', lang)}; the rules ask for ${rulesText(p, lang)} per visit.`;
      }
      return sv
        ? `Ingen delegation kan följa reglerna (${rulesText(p, lang)}) och företagets önskemål på samma gång.`
        : `No delegation can follow the rules (${rulesText(p, lang)}) and the company's wishes at once.`;
    case 'department_party': {
      const who = p.party
        ? sv
          ? `politiker från ${p.party}`
          : `politician of ${p.party}`
        : sv
          ? `tjänsteperson från ${p.department}`
          : `official of ${p.department}`;
      return sv ? `Ingen ${who}, som företaget önskar, är tillgänglig${at}.` : `No ${who}, as the company wishes, is available${at}.`;
    }
    case 'availability':
      return sv ? `För få värdar är tillgängliga${at}.` : `Too few hosts are available${at}.`;
    case 'travel':
      return sv
        ? `Restiden räcker inte: ${n.hosts(p.hostIds) || 'de lediga värdarna'} hinner inte hit från sina andra besök${at}.`
        : `Travel time is too short: ${n.hosts(p.hostIds) || 'the free hosts'} cannot get here from their other visits${at}.`;
    case 'max_visits':
      return sv
        ? `${n.hosts(p.hostIds) || 'De lediga värdarna'} har redan så många besök som de tar den dagen.`
        : `${n.hosts(p.hostIds) || 'The free hosts'} already have as many visits as they take that day.`;
    case 'capacity':
      if (p.takenBy === 'booked') {
        return sv
          ? `${n.hosts(p.hostIds) || 'Värdarna som kan gå'} är redan bokade${at}.`
          : `${n.hosts(p.hostIds) || 'The hosts who could go'} are already booked${at}.`;
      }
      // Not booked: the hosts go to other requests of the same plan (or ahead in the queue).
      return sv
        ? `Fler besök ryms inte${at}: ${n.hosts(p.hostIds) || 'värdarna som kan gå'} behövs till andra önskemål.`
        : `No more visits fit${at}: ${n.hosts(p.hostIds) || 'the hosts who could go'} are needed for other requests.`;
  }
}

/** A plan's warning as one sentence with a full stop. */
export function warningText(warning: PlanWarning, names: PlanningNames, lang: PlanningLang = 'sv'): string {
  const p = warning.params;
  const n = lookups(names, lang);
  const sv = lang === 'sv';
  const company = n.company(warning.requestId) ?? (sv ? 'Ett företag' : 'A company');
  switch (warning.code) {
    case 'wish_not_met': {
      const why =
        (p.wanted ?? 0) > (p.limit ?? 0)
          ? sv
            ? `reglerna ger plats för högst ${count(p.limit ?? 0, 'politician', lang)} på besöket`
            : `the rules leave room for at most ${count(p.limit ?? 0, 'politician', lang)} on the visit`
          : sv
            ? `fler är inte lediga ${n.slot(warning.slotId) ? `kl. ${n.slot(warning.slotId)}` : 'då'}`
            : `no more are free ${n.slot(warning.slotId) ? `at ${n.slot(warning.slotId)}` : 'then'}`;
      return sv
        ? `${company} önskade ${count(p.wanted ?? 0, 'politician', lang)} men får ${p.given}: ${why}.`
        : `${company} asked for ${count(p.wanted ?? 0, 'politician', lang)} and gets ${p.given}: ${why}.`;
    }
    case 'locked_unknown_request':
      return sv
        ? 'Ett låst besök gäller ett önskemål som inte finns längre; det ligger kvar som det är.'
        : 'A locked visit belongs to a request that no longer exists; it stays as it is.';
    case 'locked_breaks_rule': {
      const rule = ruleText({ ...warning, code: p.rule ?? '', params: p }, names, lang);
      return sv ? `Låst besök, ligger kvar som det är: ${rule}.` : `Locked visit, kept as it is: ${rule}.`;
    }
    case 'unknown_zone':
      return sv
        ? `${company} ligger i ett område som evenemanget inte har; restiden dit räknas som ${p.limit} min.`
        : `${company} is in an area the event does not have; travel there counts as ${p.limit} min.`;
    case 'locked_beyond_bound':
      return sv
        ? `Låsta besök som bryter mot reglerna gör att ${p.count} placeras, fler än reglerna annars tillåter (${p.limit}).`
        : `Locked visits that break the rules place ${p.count}, more than the rules would otherwise allow (${p.limit}).`;
  }
}

/** A rule's words as a sentence of its own: capital first letter, full stop. */
export const asSentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** "Bryter mot: …; behålls av … " — the whole override in one line. */
export function overrideText(override: VisitOverride, names: PlanningNames, lang: PlanningLang = 'sv'): string {
  const rules = [...new Set(override.rules.map((r) => ruleText(r, names, lang)))];
  return lang === 'sv'
    ? `Bryter mot: ${rules.join('; ')}. Behålls av ${override.by}.`
    : `Breaks: ${rules.join('; ')}. Kept by ${override.by}.`;
}
