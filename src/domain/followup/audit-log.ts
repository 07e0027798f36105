/**
 * The audit log of an event in words, for organisers: who did what to which thing, when, and what changed
 * ("Ändrade kapaciteten för Seminarium X från 40 till 50"). Things are named by what people call them (a
 * session's title, a host's name, a company), never by internal id; a value that is an id (a topic, a zone, a
 * slot) is shown as the thing it points to.
 *
 * The stored rows stay as they are (action and entity codes with JSON snapshots): this module only reads them.
 * Erasure blanks a registration's snapshots to `{"erased":true,"fields":[…]}` and its names to "(raderad)"
 * (erasure.ts); such entries still say what was done, to "en raderad registrering", without the values.
 */
import { type Kysely, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/schema.ts';
import { ERASED } from '../erasure.ts';
import { industries } from '../industries.ts';
import { LocalDateSchema } from '../setup/inputs.ts';
import { addDays, formatClock, localToUtc } from '../time.ts';
import { PAGE_SIZE } from './queries.ts';

/** Kinds of thing an organiser can filter the log by, each the audit entities it covers. */
export const auditKinds = {
  evenemang: { label: 'Evenemanget och arrangörer', entities: ['event', 'event_organiser'] },
  program: { label: 'Programpunkter', entities: ['session'] },
  besokstider: { label: 'Besökstider, ämnen och zoner', entities: ['visit_slot', 'topic', 'zone', 'travel_times'] },
  vardar: { label: 'Värdar', entities: ['host', 'host_availability'] },
  anmalningar: { label: 'Anmälningar och deltagare', entities: ['registration', 'attendee'] },
  besok: { label: 'Företagsbesök', entities: ['visit', 'visit_request'] },
  utskick: { label: 'Utskick', entities: ['outbox'] },
} as const;
export type AuditKind = keyof typeof auditKinds;
const auditKindKeys = Object.keys(auditKinds) as [AuditKind, ...AuditKind[]];

function auditQuerySchema(lenient: boolean) {
  const field = <T extends z.ZodType>(schema: T, fallback: z.output<T>) =>
    lenient ? schema.catch(fallback as never) : schema.default(fallback as never);
  return z.object({
    who: field(z.string().trim().max(254), '').meta({ description: 'Who acted: an organiser’s email, `system`, `cli` or `host`' }),
    kind: field(z.enum(['', ...auditKindKeys]), '').meta({ description: 'Kind of thing changed' }),
    from: field(z.union([z.literal(''), LocalDateSchema]), '').meta({
      description: 'From this local day (YYYY-MM-DD), in the event’s zone',
    }),
    to: field(z.union([z.literal(''), LocalDateSchema]), '').meta({ description: 'To this local day (YYYY-MM-DD), inclusive' }),
    page: field(z.coerce.number().int().min(1).max(100_000), 1),
  });
}
/** The filter as the page reads it: a value that does not parse is dropped (the page says which, see auditFilterProblems). */
export const AuditLogQueryLenient = auditQuerySchema(true);
const AuditLogQueryStrict = auditQuerySchema(false);

/** Which filter fields of a hand-edited or mistyped URL were dropped, so the page can name them. */
export function auditFilterProblems(params: Record<string, string>): (keyof AuditLogQuery)[] {
  const parsed = AuditLogQueryStrict.safeParse(params);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => issue.path[0] as keyof AuditLogQuery))];
}
export type AuditLogQuery = z.output<typeof AuditLogQueryLenient>;

export interface AuditLine {
  id: string;
  at: string;
  /** Who acted, in words: an organiser's name (and how: web or API), the system, a host. */
  who: string;
  /** The whole change in one sentence. */
  summary: string;
  /** Further changes when one entry changed several things, each a short line. */
  details: string[];
}

export interface AuditLogPage {
  lines: AuditLine[];
  total: number;
  page: number;
  pageCount: number;
  /** The people and processes that appear in this event's log, for the filter. */
  actors: { key: string; label: string }[];
}

// ---------------------------------------------------------------------------------------------------------
// Who

interface ActorRow {
  actor: string;
  organiser_id: string | null;
}

const via = (actor: string) => (actor.endsWith('(API)') ? ' (API)' : '');

/** The filter key of an entry's actor: an organiser's email, or `system`, `cli`, `host`. */
function actorKey(row: ActorRow, organiserEmail: Map<string, string>): string {
  if (row.organiser_id && organiserEmail.has(row.organiser_id)) return organiserEmail.get(row.organiser_id) as string;
  if (row.actor.startsWith('host:')) return 'host';
  return row.actor.replace(/ \((webb|API)\)$/, '');
}

/**
 * A host acting on their own page is named as the host is now (the stored label keeps the name they had, which
 * erasure does not reach), so an erased host is no longer named.
 */
function actorWords(row: ActorRow & { entity_id: string | null }, organiserName: Map<string, string>, hosts: Map<string, string>): string {
  if (row.organiser_id && organiserName.has(row.organiser_id)) return `${organiserName.get(row.organiser_id)}${via(row.actor)}`;
  if (row.actor === 'system') return 'Systemet (automatiskt)';
  if (row.actor === 'cli') return 'Kommandoraden';
  if (row.actor.startsWith('host:')) {
    const name = personal(row.entity_id ? hosts.get(row.entity_id) : undefined);
    return name ? `Värden ${name}` : 'En raderad värd';
  }
  return row.actor.replace(/ \(webb\)$/, '');
}

const actorKeyLabel = (key: string, name: string | undefined) =>
  key === 'system' ? 'Systemet (automatiskt)' : key === 'cli' ? 'Kommandoraden' : key === 'host' ? 'Värdar själva' : (name ?? key);

// ---------------------------------------------------------------------------------------------------------
// Names of things

/** What the sentences need to name things: looked up once per page of entries. */
export interface AuditNames {
  timeZone: string;
  sessions: Map<string, string>;
  hosts: Map<string, string>;
  topics: Map<string, string>;
  zones: Map<string, string>;
  slots: Map<string, { startsAt: string; endsAt: string }>;
  /** Registration → its company, or null when the registration is erased. */
  registrations: Map<string, string | null>;
  /** Attendee → name and company, null when erased. */
  attendees: Map<string, { name: string; company: string } | null>;
  /** Visit request and visit → the company, null when erased. */
  requests: Map<string, string | null>;
  visits: Map<string, string | null>;
  outbox: Map<string, string>;
  events: Map<string, string>;
}

const ERASED_REGISTRATION = 'en raderad registrering';
const industryName = new Map<string, string>(industries.map(([slug, sv]) => [slug, sv]));
const isErased = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as { erased?: unknown }).erased === true;
const personal = (value: string | null | undefined): string | null => (!value || value === ERASED ? null : value);

const slotWords = (slot: { startsAt: string; endsAt: string }, timeZone: string) =>
  `${formatClock(slot.startsAt, timeZone, true)}–${formatClock(slot.endsAt, timeZone)}`;

/** A slot as a snapshot holds it: its instants (a stored slot) or its local date and times (the input). */
function slotOfSnapshot(snapshot: Snapshot, timeZone: string): { startsAt: string; endsAt: string } | undefined {
  const text = (key: string) => (typeof snapshot[key] === 'string' ? (snapshot[key] as string) : undefined);
  const startsAt = text('startsAt');
  const endsAt = text('endsAt');
  if (startsAt && endsAt) return { startsAt, endsAt };
  const date = text('date');
  const start = text('startTime');
  const end = text('endTime');
  if (!date || !start || !end) return undefined;
  return { startsAt: localToUtc(date, start, timeZone).toISOString(), endsAt: localToUtc(date, end, timeZone).toISOString() };
}

/** The set-up things an entry can name that may since have been deleted: their names live on in the log itself. */
const namedInSnapshots = ['session', 'host', 'topic', 'zone', 'visit_slot'] as const;
type NamedEntity = (typeof namedInSnapshots)[number];

/**
 * The last name each deleted (or any) set-up thing had according to the log's own snapshots, oldest first so
 * the newest wins; erased snapshots name nothing.
 */
async function namesFromSnapshots(db: Kysely<Database>, eventId: string, timeZone: string) {
  const rows = await db
    .selectFrom('audit_log')
    .select(['entity', 'entity_id', 'before_json', 'after_json'])
    .where('event_id', '=', eventId)
    .where('entity', 'in', [...namedInSnapshots])
    .where('entity_id', 'is not', null)
    .orderBy('created_at')
    .execute();
  const names = new Map<NamedEntity, Map<string, string>>(namedInSnapshots.map((e) => [e, new Map()]));
  const slots = new Map<string, { startsAt: string; endsAt: string }>();
  for (const row of rows) {
    for (const json of [row.before_json, row.after_json]) {
      const snapshot = asObject(json ? JSON.parse(json) : null);
      if (isErased(snapshot)) continue;
      const name = [snapshot.titleSv, snapshot.nameSv, snapshot.name].find((v): v is string => typeof v === 'string' && v !== '');
      if (name && row.entity !== 'visit_slot') names.get(row.entity as NamedEntity)?.set(row.entity_id as string, name);
      const slot = row.entity === 'visit_slot' ? slotOfSnapshot(snapshot, timeZone) : undefined;
      if (slot) slots.set(row.entity_id as string, slot);
    }
  }
  return { names, slots };
}

/** The entries' own things by kind: the page's entity ids, to look up only those of the large tables. */
export interface AuditSubjects {
  registration: readonly string[];
  attendee: readonly string[];
  visit_request: readonly string[];
  visit: readonly string[];
  outbox: readonly string[];
}

/** The ids of the entries' own things, per kind of thing. */
export function auditSubjects(rows: readonly { entity: string; entity_id: string | null }[]): AuditSubjects {
  const of = (entity: keyof AuditSubjects) => [
    ...new Set(rows.filter((r) => r.entity === entity && r.entity_id).map((r) => r.entity_id as string)),
  ];
  return {
    registration: of('registration'),
    attendee: of('attendee'),
    visit_request: of('visit_request'),
    visit: of('visit'),
    outbox: of('outbox'),
  };
}

/** `WHERE column IN ids` that asks nothing when there are no ids (an empty IN is an error). */
const some = <T>(ids: readonly string[], query: () => Promise<T[]>): Promise<T[]> => (ids.length ? query() : Promise.resolve([]));

/**
 * Loads the names of what entries can mention: the event's set-up things whole (few, and snapshots name them
 * by id), and of registrations, attendees, visit requests, visits and messages only the entries' own, as an
 * event can have thousands (a page of entries names at most one of each, within D1's 100 parameters).
 */
export async function loadAuditNames(db: Kysely<Database>, eventId: string, subjects: AuditSubjects): Promise<AuditNames> {
  const [event, sessions, hosts, topics, zones, slots, attendees, requests, visits, outbox, events] = await Promise.all([
    db.selectFrom('events').select('time_zone').where('id', '=', eventId).executeTakeFirst(),
    db.selectFrom('sessions').select(['id', 'title_sv as name']).where('event_id', '=', eventId).execute(),
    db.selectFrom('hosts').select(['id', 'name']).where('event_id', '=', eventId).execute(),
    db.selectFrom('topics').select(['id', 'name_sv as name']).where('event_id', '=', eventId).execute(),
    db.selectFrom('zones').select(['id', 'name']).where('event_id', '=', eventId).execute(),
    db.selectFrom('visit_slots').select(['id', 'starts_at', 'ends_at']).where('event_id', '=', eventId).execute(),
    some(subjects.attendee, () =>
      db.selectFrom('attendees').select(['id', 'name', 'registration_id']).where('id', 'in', subjects.attendee).execute(),
    ),
    some(subjects.visit_request, () =>
      db.selectFrom('visit_requests').select(['id', 'registration_id']).where('id', 'in', subjects.visit_request).execute(),
    ),
    some(subjects.visit, () =>
      db
        .selectFrom('visits as v')
        .innerJoin('visit_requests as q', 'q.id', 'v.request_id')
        .select(['v.id', 'q.registration_id'])
        .where('v.id', 'in', subjects.visit)
        .execute(),
    ),
    some(subjects.outbox, () =>
      db.selectFrom('outbox').select(['id', 'subject']).where('event_id', '=', eventId).where('id', 'in', subjects.outbox).execute(),
    ),
    db.selectFrom('events').select(['slug', 'name']).execute(),
  ]);
  const registrationIds = [
    ...new Set([
      ...subjects.registration,
      ...attendees.map((a) => a.registration_id),
      ...requests.map((q) => q.registration_id),
      ...visits.map((v) => v.registration_id),
    ]),
  ];
  const registrations = await some(registrationIds, () => companyOfRegistrations(db, eventId, registrationIds));
  const company = new Map(registrations.map((r) => [r.id, r.status === 'erased' ? null : personal(r.company)]));
  const companyOf = (registrationId: string) => company.get(registrationId) ?? null;
  const timeZone = event?.time_zone ?? 'Europe/Stockholm';
  const remembered = await namesFromSnapshots(db, eventId, timeZone);
  // The current names first, then what the log remembers of things since deleted.
  const named = (rows: { id: string; name: string }[], entity: NamedEntity) =>
    new Map([...(remembered.names.get(entity) ?? []), ...rows.map((r) => [r.id, r.name] as const)]);
  return {
    timeZone,
    sessions: named(sessions, 'session'),
    hosts: named(hosts, 'host'),
    topics: named(topics, 'topic'),
    zones: named(zones, 'zone'),
    slots: new Map([...remembered.slots, ...slots.map((s) => [s.id, { startsAt: s.starts_at, endsAt: s.ends_at }] as const)]),
    registrations: company,
    attendees: new Map(
      attendees.map((a) => {
        // An erased registration's attendees are erased with it, whatever their stored name.
        const name = company.get(a.registration_id) === null ? null : personal(a.name);
        return [a.id, name ? { name, company: companyOf(a.registration_id) ?? '' } : null];
      }),
    ),
    requests: new Map(requests.map((q) => [q.id, companyOf(q.registration_id)])),
    visits: new Map(visits.map((v) => [v.id, companyOf(v.registration_id)])),
    outbox: new Map(outbox.map((m) => [m.id, m.subject])),
    events: new Map(events.map((e) => [e.slug, e.name])),
  };
}

/** The company name of the given registrations of the event: the one place this module reads it. */
function companyOfRegistrations(db: Kysely<Database>, eventId: string, ids: readonly string[]) {
  return db
    .selectFrom('registrations as r')
    .select(['r.id', 'r.status', 'r.company_name as company'])
    .where('r.event_id', '=', eventId)
    .where('r.id', 'in', ids)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Sentences

type Snapshot = Record<string, unknown>;
const asObject = (value: unknown): Snapshot =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Snapshot) : {};

/** How a field is called in a sentence ("Ändrade kapaciteten för …") and how its values read. */
interface FieldWords {
  label: string;
  /** Long or private text: say that it changed, not from what to what. */
  quiet?: boolean;
  value?: (value: unknown, names: AuditNames) => string;
}

const yesNo = (value: unknown) => (value ? 'ja' : 'nej');
const nameOf = (map: (names: AuditNames) => Map<string, string>, missing: string) => (value: unknown, names: AuditNames) =>
  typeof value === 'string' && value ? (map(names).get(value) ?? missing) : 'ingen';
const namesOf = (map: (names: AuditNames) => Map<string, string>, missing: string) => (value: unknown, names: AuditNames) =>
  Array.isArray(value) && value.length
    ? value.map((id) => (typeof id === 'string' ? (map(names).get(id) ?? missing) : missing)).join(', ')
    : 'inga';

const sessionKinds: Record<string, string> = { dialogue: 'dialogmöte', seminar: 'seminarium', breakfast: 'frukost', other: 'annat' };
const hostKinds: Record<string, string> = { politician: 'politiker', official: 'tjänsteperson' };
const eventStatus: Record<string, string> = { draft: 'utkast', published: 'publicerat', closed: 'stängt' };
const word = (table: Record<string, string>) => (value: unknown) => (typeof value === 'string' ? (table[value] ?? value) : String(value));

const topicName = nameOf((n) => n.topics, 'ett borttaget ämne');
const zoneName = nameOf((n) => n.zones, 'en borttagen zon');

const commonFields: Record<string, FieldWords> = {
  name: { label: 'namnet' },
  date: { label: 'datumet' },
  startTime: { label: 'starttiden' },
  endTime: { label: 'sluttiden' },
  descriptionSv: { label: 'beskrivningen', quiet: true },
  descriptionEn: { label: 'den engelska beskrivningen', quiet: true },
};

const fieldWords: Record<string, Record<string, FieldWords>> = {
  session: {
    titleSv: { label: 'titeln' },
    titleEn: { label: 'den engelska titeln' },
    kind: { label: 'typen', value: word(sessionKinds) },
    room: { label: 'lokalen' },
    capacity: { label: 'kapaciteten' },
    topicId: { label: 'ämnet', value: topicName },
    promotedFromWaitlist: { label: 'antalet som fick plats från väntelistan' },
  },
  host: {
    kind: { label: 'typen', value: word(hostKinds) },
    email: { label: 'e-postadressen' },
    phone: { label: 'telefonnumret' },
    party: { label: 'partiet' },
    roles: { label: 'uppdragen' },
    department: { label: 'förvaltningen' },
    title: { label: 'titeln' },
    topicIds: { label: 'ämnena', value: namesOf((n) => n.topics, 'ett borttaget ämne') },
    maxVisitsPerDay: { label: 'högsta antalet besök per dag' },
    startZoneId: { label: 'startzonen', value: zoneName },
  },
  event: {
    status: { label: 'statusen', value: word(eventStatus) },
    venueName: { label: 'platsen' },
    venueAddress: { label: 'adressen' },
    organiserName: { label: 'arrangörens namn' },
    organiserEmail: { label: 'arrangörens e-postadress' },
    registrationOpensDate: { label: 'första anmälningsdagen' },
    registrationClosesDate: { label: 'sista anmälningsdagen' },
    minPoliticians: { label: 'minsta antalet politiker per besök' },
    maxPoliticians: { label: 'högsta antalet politiker per besök' },
    minOfficials: { label: 'minsta antalet tjänstepersoner per besök' },
    maxOfficials: { label: 'högsta antalet tjänstepersoner per besök' },
    maxDelegationSize: { label: 'största delegationen' },
    transferBufferMinutes: { label: 'marginalen mellan besök (minuter)' },
    allowDepartmentRequest: { label: 'om företag får önska förvaltning', value: yesNo },
    allowPartyRequest: { label: 'om företag får önska parti', value: yesNo },
    serveVisitQueue: { label: 'om kön till besök betjänas automatiskt', value: yesNo },
    retentionDays: { label: 'hur många dagar personuppgifterna sparas' },
  },
  topic: { nameSv: { label: 'namnet' }, nameEn: { label: 'det engelska namnet' }, sort: { label: 'ordningen' } },
  zone: { latitude: { label: 'latituden' }, longitude: { label: 'longituden' } },
  visit_slot: {},
};

function valueWords(value: unknown, field: FieldWords, names: AuditNames): string {
  if (field.value) return field.value(value, names);
  if (value === null || value === undefined || value === '') return 'tomt';
  if (typeof value === 'boolean') return yesNo(value);
  if (typeof value === 'number') return value.toLocaleString('sv-SE', { useGrouping: false, maximumFractionDigits: 6 });
  if (typeof value === 'string') return value;
  return 'ett nytt värde';
}

/** One changed field: its label ("kapaciteten") and how it moved ("från 40 till 50"; empty for a quiet field). */
interface FieldChange {
  label: string;
  change: string;
}

function changeWords(entity: string, key: string, before: unknown, after: unknown, names: AuditNames): FieldChange | undefined {
  const field = fieldWords[entity]?.[key] ?? commonFields[key] ?? { label: 'en uppgift', quiet: true };
  if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
  if (field.quiet) return { label: field.label, change: '' };
  if (before === undefined) return { label: field.label, change: `till ${valueWords(after, field, names)}` };
  return { label: field.label, change: `från ${valueWords(before, field, names)} till ${valueWords(after, field, names)}` };
}

/** Keys of a snapshot that identify the thing rather than describe it. */
const identity = new Set(['id', 'slug']);

/**
 * The fields an entry changed, in the order the snapshot lists them. Some entries keep the whole thing before
 * and only the input after: a field the input leaves out did not change.
 */
function fieldChanges(entity: string, before: unknown, after: unknown, names: AuditNames): FieldChange[] {
  const b = asObject(before);
  const a = asObject(after);
  const keys = Object.keys(a).filter((key) => !identity.has(key));
  return keys.flatMap((key) => changeWords(entity, key, b[key], a[key], names) ?? []);
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const quoted = (text: string) => `”${text}”`;

/** The thing an entry is about, as named after "för" ("Seminarium X") and as an object ("programpunkten Seminarium X"). */
function thing(entity: string, id: string | null, before: unknown, after: unknown, names: AuditNames): { name: string; object: string } {
  const snapshot = { ...asObject(before), ...asObject(after) };
  const fromSnapshot = (key: string) => (typeof snapshot[key] === 'string' && snapshot[key] ? (snapshot[key] as string) : undefined);
  const lookup = (map: Map<string, string>) => (id ? map.get(id) : undefined);
  switch (entity) {
    case 'session': {
      const name = lookup(names.sessions) ?? fromSnapshot('titleSv') ?? 'en borttagen programpunkt';
      return { name, object: `programpunkten ${name}` };
    }
    case 'host':
    case 'host_availability': {
      const name = personal(lookup(names.hosts) ?? fromSnapshot('name')) ?? 'en raderad värd';
      return { name, object: `värden ${name}` };
    }
    case 'topic': {
      const name = lookup(names.topics) ?? fromSnapshot('nameSv') ?? 'ett borttaget ämne';
      return { name, object: `ämnet ${name}` };
    }
    case 'zone': {
      const name = lookup(names.zones) ?? fromSnapshot('name') ?? 'en borttagen zon';
      return { name, object: `zonen ${name}` };
    }
    case 'visit_slot': {
      const slot = (id ? names.slots.get(id) : undefined) ?? slotOfSnapshot(snapshot, names.timeZone);
      const name = slot ? slotWords(slot, names.timeZone) : 'en borttagen besökstid';
      return { name, object: `besökstiden ${name}` };
    }
    case 'travel_times':
      return { name: 'restiderna', object: 'restiderna mellan zonerna' };
    case 'event':
      return { name: 'evenemanget', object: 'evenemanget' };
    case 'registration': {
      const company = id ? names.registrations.get(id) : undefined;
      return company ? { name: company, object: `anmälan från ${company}` } : { name: ERASED_REGISTRATION, object: ERASED_REGISTRATION };
    }
    case 'attendee': {
      const person = id ? names.attendees.get(id) : undefined;
      const name = person ? (person.company ? `${person.name} (${person.company})` : person.name) : `en deltagare i ${ERASED_REGISTRATION}`;
      return { name, object: name };
    }
    case 'visit_request': {
      const company = id ? names.requests.get(id) : undefined;
      return { name: company ?? ERASED_REGISTRATION, object: `besöksönskemålet från ${company ?? ERASED_REGISTRATION}` };
    }
    case 'visit': {
      const company = id ? names.visits.get(id) : undefined;
      return { name: company ?? ERASED_REGISTRATION, object: `besöket hos ${company ?? ERASED_REGISTRATION}` };
    }
    case 'outbox': {
      const subject = personal(id ? names.outbox.get(id) : undefined);
      return subject
        ? { name: quoted(subject), object: `meddelandet ${quoted(subject)}` }
        : { name: 'ett meddelande', object: 'ett meddelande' };
    }
    default:
      return { name: 'något', object: 'något' };
  }
}

const count = (n: unknown, one: string, many: string) => (Number(n) === 1 ? `1 ${one}` : `${Number(n) || 0} ${many}`);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Words for one change: a summary sentence and, when it changed several things, a line for each. */
export function describeAuditEntry(
  entry: { action: string; entity: string; entityId: string | null; before: unknown; after: unknown },
  names: AuditNames,
): { summary: string; details: string[] } {
  const { action, entity, entityId, before, after } = entry;
  const subject = thing(entity, entityId, before, after, names);
  const erased = isErased(before) || isErased(after);
  const b = asObject(before);
  const a = asObject(after);
  const gone = erased ? ['Uppgifterna är raderade.'] : [];

  // Changes of one thing's fields: one sentence for one change, a list for more.
  const updated = (changes: FieldChange[]) => {
    if (erased) return { summary: `Ändrade ${subject.object}`, details: gone };
    const [only] = changes;
    if (!only) return { summary: `Sparade ${subject.object} utan ändringar`, details: [] };
    if (changes.length === 1) return { summary: `Ändrade ${only.label} för ${subject.name} ${only.change}`.trim(), details: [] };
    return {
      summary: `Ändrade ${changes.length} uppgifter för ${subject.name}`,
      details: changes.map((c) => capital(`${c.label} ${c.change}`.trim())),
    };
  };

  switch (`${entity}:${action}`) {
    case 'event:create':
      return { summary: `Skapade evenemanget ${typeof a.name === 'string' ? a.name : ''}`.trim(), details: [] };
    case 'event:copy': {
      const from = typeof b.from === 'string' ? (names.events.get(b.from) ?? b.from) : 'ett annat evenemang';
      return {
        summary: `Skapade evenemanget som kopia av ${from}`,
        details: [
          `${capital(count(a.sessions, 'programpunkt', 'programpunkter'))}, ${count(a.slots, 'besökstid', 'besökstider')}, ${count(a.topics, 'ämne', 'ämnen')}, ${count(a.zones, 'zon', 'zoner')} och ${count(a.hosts, 'värd', 'värdar')}`,
        ],
      };
    }
    case 'event_organiser:assign': {
      const who = typeof a.name === 'string' ? `${a.name}${typeof a.email === 'string' ? ` (${a.email})` : ''}` : 'en arrangör';
      return { summary: `Gav ${who} behörighet som arrangör för evenemanget`, details: [] };
    }
    case 'session:create':
    case 'host:create':
    case 'topic:create':
    case 'zone:create':
    case 'visit_slot:create':
      // Named as it was then (the snapshot), not by a later name.
      return { summary: `Lade till ${(erased ? subject : thing(entity, null, before, after, names)).object}`, details: gone };
    case 'session:delete':
    case 'host:delete':
    case 'topic:delete':
    case 'zone:delete':
    case 'visit_slot:delete':
      return { summary: `Tog bort ${(erased ? subject : thing(entity, null, before, after, names)).object}`, details: gone };
    case 'host:import': {
      const created = listOf(a.created).length;
      const changed = listOf(a.updated).length;
      const skipped = listOf(a.skippedLines).length;
      return {
        summary: `Importerade värdar från fil: ${count(created, 'ny', 'nya')}, ${count(changed, 'ändrad', 'ändrade')}${skipped ? `, ${count(skipped, 'rad hoppades över', 'rader hoppades över')}` : ''}`,
        details: [],
      };
    }
    case 'host:host.availability':
      return {
        summary: `Angav sin tillgänglighet: ${count(listOf(a.slotIds).length, 'besökstid', 'besökstider')}`,
        details: [],
      };
    case 'host_availability:update': {
      if (!entityId)
        return {
          summary: `Ändrade tillgängligheten för ${count(a.hosts, 'värd', 'värdar')} (${count(a.available, 'besökstid', 'besökstider')} sammanlagt)`,
          details: [],
        };
      if (erased) return { summary: `Ändrade tillgängligheten för ${subject.name}`, details: gone };
      const was = new Set(listOf(b.slotIds));
      const now = new Set(listOf(a.slotIds));
      const slotName = (id: unknown) => {
        const slot = typeof id === 'string' ? names.slots.get(id) : undefined;
        return slot ? slotWords(slot, names.timeZone) : 'en borttagen besökstid';
      };
      const added = [...now].filter((id) => !was.has(id)).map(slotName);
      const removed = [...was].filter((id) => !now.has(id)).map(slotName);
      return {
        summary: `Ändrade tillgängligheten för ${subject.name} från ${count(was.size, 'besökstid', 'besökstider')} till ${count(now.size, 'besökstid', 'besökstider')}`,
        details: [
          ...(added.length ? [`Kan nu: ${added.join(', ')}`] : []),
          ...(removed.length ? [`Kan inte längre: ${removed.join(', ')}`] : []),
        ],
      };
    }
    case 'travel_times:update':
      return {
        summary: `Ändrade ${subject.object}: ${count(listOf(after).length, 'sträcka', 'sträckor')} med egen restid (förut ${listOf(before).length})`,
        details: [],
      };
    case 'registration:update':
      return erased ? { summary: `Ändrade ${subject.object} för företagets räkning`, details: gone } : registrationChange(subject, b, a);
    case 'registration:cancel':
      return { summary: `Avbokade ${subject.object} för företagets räkning`, details: gone };
    case 'attendee:check_in':
      return { summary: `Checkade in ${subject.name}`, details: [] };
    case 'attendee:undo_check_in':
      return { summary: `Ångrade incheckningen av ${subject.name}`, details: [] };
    case 'attendee:promote':
    case 'attendee:promote_over_capacity': {
      const session =
        typeof (a.sessionId ?? b.sessionId) === 'string' ? names.sessions.get((a.sessionId ?? b.sessionId) as string) : undefined;
      const where = session ? ` på ${session}` : '';
      const raised =
        action === 'promote_over_capacity' && !erased ? ` och höjde kapaciteten från ${Number(b.capacity)} till ${Number(a.capacity)}` : '';
      return { summary: `Gav ${subject.name} en plats från väntelistan${where}${raised}`, details: gone };
    }
    case 'outbox:retry':
      return { summary: `Skickade om ${subject.object}, som hade misslyckats`, details: gone };
    case 'visit:plan.accept':
      return {
        summary: `Sparade ett förslag till besök: ${count(a.proposed, 'föreslaget besök', 'föreslagna besök')}${Number(a.withdrawn) ? `, ${count(a.withdrawn, 'förslag togs bort', 'förslag togs bort')}` : ''}`,
        details: [],
      };
    case 'visit:visit.place':
    case 'visit:visit.place.override':
      return visitPlacement(`Placerade ${subject.object}`, a, names, action.endsWith('.override'), gone);
    case 'visit:visit.change':
    case 'visit:visit.change.override':
      return visitPlacement(`Ändrade ${subject.object}`, a, names, action.endsWith('.override'), gone, b);
    case 'visit:visit.confirm':
      return { summary: `Bekräftade ${subject.object} och skickade inbjudningarna`, details: [] };
    case 'visit:visit.cancel': {
      const reason = !erased && typeof a.reason === 'string' && a.reason ? [`Skäl: ${a.reason}`] : [];
      return { summary: `Ställde in ${subject.object}`, details: [...reason, ...gone] };
    }
    case 'visit:visit.lock':
      return { summary: `Låste ${subject.object}`, details: [] };
    case 'visit:visit.unlock':
      return { summary: `Låste upp ${subject.object}`, details: [] };
    case 'visit:visit.follow_request':
      return { summary: `Flyttade ${subject.object} till företagets ändrade önskemål`, details: gone };
    case 'visit_request:visit_request.zone': {
      const opening = `Ändrade zonen för besöksönskemålet (${subject.name})`;
      if (erased) return { summary: opening, details: gone };
      return { summary: `${opening} från ${zoneWords(b.zone)} till ${zoneWords(a.zone)}`, details: [] };
    }
    default:
      if (action === 'update') return updated(fieldChanges(entity, before, after, names));
      if (action === 'create') return { summary: `Skapade ${subject.object}`, details: [] };
      if (action === 'delete') return { summary: `Tog bort ${subject.object}`, details: gone };
      return { summary: `Ändrade ${subject.object}`, details: gone };
  }
}

const zoneWords = (zone: unknown) => (typeof zone === 'string' && zone ? zone : 'ingen zon');

/**
 * A visit placed (time and visitors) or changed (what moved: the time, the visitors), and whether a rule was
 * knowingly broken.
 */
function visitPlacement(
  opening: string,
  a: Snapshot,
  names: AuditNames,
  override: boolean,
  gone: string[],
  b?: Snapshot,
): { summary: string; details: string[] } {
  if (gone.length) return { summary: opening, details: gone };
  const slot = (value: unknown) => {
    const found = typeof value === 'string' ? names.slots.get(value) : undefined;
    return found ? slotWords(found, names.timeZone) : 'en borttagen besökstid';
  };
  const hosts = (value: unknown) =>
    listOf(value)
      .map((id) => personal(typeof id === 'string' ? names.hosts.get(id) : undefined) ?? 'en raderad värd')
      .join(', ') || 'inga';
  const details: string[] = [];
  if (!b) details.push(`Tid: ${slot(a.slotId)}`, `Besökare: ${hosts(a.hostIds)}`);
  else {
    if (a.slotId !== undefined && a.slotId !== b.slotId) details.push(`Tiden från ${slot(b.slotId)} till ${slot(a.slotId)}`);
    if (a.hostIds !== undefined && hosts(a.hostIds) !== hosts(b.hostIds))
      details.push(`Besökarna från ${hosts(b.hostIds)} till ${hosts(a.hostIds)}`);
  }
  if (override) details.push('Med undantag från reglerna');
  return { summary: opening, details };
}

function registrationChange(subject: { object: string }, b: Snapshot, a: Snapshot): { summary: string; details: string[] } {
  const details: string[] = [];
  const contactBefore = asObject(b.contact);
  const contactAfter = asObject(a.contact);
  const contactLabels: Record<string, string> = {
    name: 'kontaktpersonen',
    email: 'kontaktpersonens e-postadress',
    phone: 'kontaktpersonens telefonnummer',
  };
  for (const [key, label] of Object.entries(contactLabels)) {
    if (a.contact !== undefined && contactAfter[key] !== undefined && contactAfter[key] !== contactBefore[key])
      details.push(`${capital(label)} från ${contactBefore[key] || 'tomt'} till ${contactAfter[key] || 'tomt'}`);
  }
  const companyBefore = asObject(b.company);
  const companyAfter = asObject(a.company);
  if (a.company !== undefined && companyAfter.name !== undefined && companyAfter.name !== companyBefore.name)
    details.push(`Företagsnamnet från ${companyBefore.name} till ${companyAfter.name}`);
  if (a.company !== undefined && companyAfter.industry !== undefined && companyAfter.industry !== companyBefore.industry)
    details.push(
      `Branschen från ${industryName.get(String(companyBefore.industry)) ?? 'okänd'} till ${industryName.get(String(companyAfter.industry)) ?? 'okänd'}`,
    );
  if (a.attendees !== undefined) {
    const was = listOf(b.attendees).map((p) => String(asObject(p).name ?? ''));
    const now = listOf(a.attendees).map((p) => String(asObject(p).name ?? ''));
    const added = now.filter((n) => !was.includes(n));
    const removed = was.filter((n) => !now.includes(n));
    if (added.length) details.push(`Nya deltagare: ${added.join(', ')}`);
    if (removed.length) details.push(`Borttagna deltagare: ${removed.join(', ')}`);
    if (!added.length && !removed.length) details.push('Deltagarnas uppgifter eller programpunkter');
  }
  if (a.viewpoints !== undefined) details.push('Synpunkterna');
  if (a.visitRequest !== undefined) details.push(a.visitRequest === null ? 'Tog bort besöksönskemålet' : 'Besöksönskemålet');
  if (a.language !== undefined) details.push(`Språket till ${a.language === 'en' ? 'engelska' : 'svenska'}`);
  return { summary: `Ändrade ${subject.object} för företagets räkning`, details };
}

// ---------------------------------------------------------------------------------------------------------
// The page

/** One page of the event's log in words, newest first, filtered by who, kind of thing and local days. */
export async function auditLogInWords(db: Kysely<Database>, eventId: string, query: AuditLogQuery): Promise<AuditLogPage> {
  const event = await db.selectFrom('events').select('time_zone').where('id', '=', eventId).executeTakeFirst();
  const timeZone = event?.time_zone ?? 'Europe/Stockholm';
  const [organisers, actorRows] = await Promise.all([
    db
      .selectFrom('organisers')
      .select(['id', 'name', 'email'])
      .where(
        'id',
        'in',
        db
          .selectFrom('audit_log')
          .select('organiser_id')
          .where('event_id', '=', eventId)
          .where('organiser_id', 'is not', null)
          .$castTo<string>(),
      )
      .execute(),
    db.selectFrom('audit_log').select(['actor', 'organiser_id']).distinct().where('event_id', '=', eventId).execute(),
  ]);
  const organiserName = new Map(organisers.map((o) => [o.id, o.name]));
  const organiserEmail = new Map(organisers.map((o) => [o.id, o.email]));
  const nameByEmail = new Map(organisers.map((o) => [o.email, o.name]));
  const keys = [...new Set(actorRows.map((r) => actorKey(r, organiserEmail)))];
  const actors = keys
    .map((key) => ({ key, label: actorKeyLabel(key, nameByEmail.get(key)) }))
    .sort((x, y) => x.label.localeCompare(y.label, 'sv'));

  let base = db.selectFrom('audit_log').where('event_id', '=', eventId);
  if (query.kind) base = base.where('entity', 'in', [...auditKinds[query.kind].entities]);
  if (query.from) base = base.where('created_at', '>=', localToUtc(query.from, '00:00', timeZone).toISOString());
  if (query.to) base = base.where('created_at', '<', localToUtc(addDays(query.to, 1), '00:00', timeZone).toISOString());
  if (query.who) {
    const who = query.who;
    const ids = organisers.filter((o) => o.email === who).map((o) => o.id);
    base = base.where((eb) =>
      eb.or([
        ...(ids.length ? [eb('organiser_id', 'in', ids)] : []),
        who === 'host' ? eb('actor', 'like', 'host:%') : eb('actor', '=', who),
        sql<SqlBool>`actor IN (${who} || ' (webb)', ${who} || ' (API)')`,
      ]),
    );
  }
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await base
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  const names = await loadAuditNames(db, eventId, auditSubjects(rows));
  const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
  const lines = rows.map((row) => ({
    id: row.id,
    at: row.created_at,
    who: actorWords(row, organiserName, names.hosts),
    ...describeAuditEntry(
      { action: row.action, entity: row.entity, entityId: row.entity_id, before: parse(row.before_json), after: parse(row.after_json) },
      names,
    ),
  }));
  return { lines, total, page, pageCount, actors };
}
