/**
 * Events for organisers: create, change details, status and delegation rules, copy last year's event as a
 * start, and the counts on an event's overview. Each change is one atomic batch with its audit row.
 */
import type { CompiledQuery } from 'kysely';
import { sql } from 'kysely';
import { compiler } from '../../../db/compiler.ts';
import type { EventRow, PrivacyLegalBasis } from '../../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { auditQuery } from '../access/audit.ts';
import { isAdmin } from '../access/policy.ts';
import { assertion, isAssertionFailure, isUniqueViolation } from '../batch.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { fieldProblem, invalid, onlyGiven, parseInput, type SetupActor } from './common.ts';
import {
  type EventCopyInput,
  EventCopySchema,
  type EventCreateInput,
  EventCreateSchema,
  type EventUpdateInput,
  EventUpdateSchema,
} from './inputs.ts';
import { closingInstant, dateOf, daysBetween, lastDayOf, localTime, shiftLocalDays, toInstant } from './local-time.ts';

export type EventStatus = 'draft' | 'published' | 'closed';

/** An event as the settings form and the API show it: local dates and times plus the stored instants. */
export interface EventSettings {
  id: string;
  slug: string;
  name: string;
  status: EventStatus;
  timeZone: string;
  descriptionSv: string;
  descriptionEn: string;
  venueName: string;
  venueAddress: string;
  organiserName: string;
  organiserEmail: string;
  date: string;
  startTime: string;
  endTime: string;
  registrationOpensDate: string;
  registrationClosesDate: string;
  startsAt: string;
  endsAt: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  minPoliticians: number;
  maxPoliticians: number;
  minOfficials: number;
  maxOfficials: number;
  maxDelegationSize: number;
  transferBufferMinutes: number;
  allowDepartmentRequest: boolean;
  allowPartyRequest: boolean;
  /** Requests that freed hosts can serve are placed and confirmed automatically. */
  serveVisitQueue: boolean;
  retentionDays: number;
  /** Hours an unconfirmed registration holds its places. */
  confirmationHoldHours: number;
  maxAttendeesPerCompany: number;
  /** More registrations than this within 10 minutes alert the organisers. */
  burstAlertThreshold: number;
  /** "Pausa anmälan": the public form and API take no new registrations and no changes. */
  registrationPaused: boolean;
  privacyController: string;
  privacyContact: string;
  privacyLegalBasis: PrivacyLegalBasis;
  copiedFromEventId: string | null;
}

export function eventSettings(row: EventRow): EventSettings {
  const tz = row.time_zone;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    timeZone: tz,
    descriptionSv: row.description_sv,
    descriptionEn: row.description_en,
    venueName: row.venue_name,
    venueAddress: row.venue_address,
    organiserName: row.organiser_name,
    organiserEmail: row.organiser_email,
    date: dateOf(row.starts_at, tz),
    startTime: localTime(row.starts_at, tz),
    endTime: localTime(row.ends_at, tz),
    registrationOpensDate: dateOf(row.registration_opens_at, tz),
    registrationClosesDate: lastDayOf(row.registration_closes_at, tz),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    registrationOpensAt: row.registration_opens_at,
    registrationClosesAt: row.registration_closes_at,
    minPoliticians: row.min_politicians,
    maxPoliticians: row.max_politicians,
    minOfficials: row.min_officials,
    maxOfficials: row.max_officials,
    maxDelegationSize: row.max_delegation_size,
    transferBufferMinutes: row.transfer_buffer_minutes,
    allowDepartmentRequest: row.allow_department_request === 1,
    allowPartyRequest: row.allow_party_request === 1,
    serveVisitQueue: row.serve_visit_queue === 1,
    retentionDays: row.retention_days,
    confirmationHoldHours: row.confirmation_hold_hours,
    maxAttendeesPerCompany: row.max_attendees_per_company,
    burstAlertThreshold: row.burst_alert_threshold,
    registrationPaused: row.registration_paused === 1,
    privacyController: row.privacy_controller,
    privacyContact: row.privacy_contact,
    privacyLegalBasis: row.privacy_legal_basis,
    copiedFromEventId: row.copied_from_event_id,
  };
}

/** The rules the table's CHECKs hold, said in Swedish next to the fields before the database says no. */
function crossFieldProblems(v: {
  date: string;
  startTime: string;
  endTime: string;
  registrationOpensDate: string;
  registrationClosesDate: string;
  minPoliticians?: number;
  maxPoliticians?: number;
  minOfficials?: number;
  maxOfficials?: number;
  maxDelegationSize?: number;
}) {
  const errors = [];
  if (v.endTime <= v.startTime) errors.push(fieldProblem('endTime', 'Sluttiden måste vara efter starttiden.'));
  if (v.registrationClosesDate < v.registrationOpensDate)
    errors.push(fieldProblem('registrationClosesDate', 'Sista anmälningsdag kan inte vara före den dag anmälan öppnar.'));
  if (v.registrationClosesDate > v.date)
    errors.push(fieldProblem('registrationClosesDate', 'Anmälan måste stänga senast samma dag som evenemanget.'));
  if (v.minPoliticians !== undefined && v.maxPoliticians !== undefined && v.maxPoliticians < v.minPoliticians)
    errors.push(fieldProblem('maxPoliticians', 'Högst antal politiker kan inte vara färre än minst antal.'));
  if (v.minOfficials !== undefined && v.maxOfficials !== undefined && v.maxOfficials < v.minOfficials)
    errors.push(fieldProblem('maxOfficials', 'Högst antal tjänstepersoner kan inte vara färre än minst antal.'));
  if (v.maxDelegationSize !== undefined && v.minPoliticians !== undefined && v.minOfficials !== undefined) {
    if (v.maxDelegationSize < v.minPoliticians + v.minOfficials)
      errors.push(
        fieldProblem(
          'maxDelegationSize',
          'Delegationen får inte plats: största storlek är mindre än minst antal politiker plus tjänstepersoner.',
        ),
      );
  }
  return errors;
}

const slugTaken = () => invalid([fieldProblem('slug', 'Adressen används redan av ett annat evenemang. Välj en annan.', 'slug_taken')]);

const statusOrder: Record<EventStatus, number> = { draft: 0, published: 1, closed: 2 };
export const statusLabel: Record<EventStatus, string> = { draft: 'Utkast', published: 'Publicerat', closed: 'Stängt' };

/** An organiser who creates or copies an event manages it (admins manage every event anyway). */
function assignStatements(actor: SetupActor, eventId: string, alsoOrganiserIds: readonly string[] = []): CompiledQuery[] {
  const ids = new Set(alsoOrganiserIds);
  if (!isAdmin(actor)) ids.add(actor.organiserId);
  return [...ids].map((organiserId) =>
    compiler
      .insertInto('event_organisers')
      .values({ event_id: eventId, organiser_id: organiserId })
      .onConflict((oc) => oc.doNothing())
      .compile(),
  );
}

export function createEventSetup(deps: Deps) {
  const { db, batch, clock } = deps;
  const row = (id: string) => db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();

  async function create(actor: SetupActor, input: EventCreateInput): Promise<Result<EventSettings>> {
    const parsed = parseInput(EventCreateSchema, input);
    if (!parsed.ok) return parsed;
    const v = parsed.value;
    const problems = crossFieldProblems(v);
    if (problems.length) return invalid(problems);
    const tz = 'Europe/Stockholm';
    const now = clock.now();
    const stamp = now.toISOString();
    const id = newId();
    const values = {
      id,
      slug: v.slug,
      name: v.name,
      description_sv: v.descriptionSv,
      description_en: v.descriptionEn,
      venue_name: v.venueName,
      venue_address: v.venueAddress,
      time_zone: tz,
      starts_at: toInstant(v.date, v.startTime, tz),
      ends_at: toInstant(v.date, v.endTime, tz),
      registration_opens_at: toInstant(v.registrationOpensDate, '00:00', tz),
      registration_closes_at: closingInstant(v.registrationClosesDate, tz),
      status: 'draft' as const,
      organiser_name: v.organiserName,
      organiser_email: v.organiserEmail,
      created_at: stamp,
      updated_at: stamp,
    };
    try {
      await batch.run([
        compiler.insertInto('events').values(values).compile(),
        ...assignStatements(actor, id),
        auditQuery({ actor, action: 'create', entity: 'event', entityId: id, eventId: id, after: v }, now),
      ]);
    } catch (error) {
      if (isUniqueViolation(error, 'events.slug')) return slugTaken();
      throw error;
    }
    return ok(eventSettings((await row(id)) as EventRow));
  }

  async function update(actor: SetupActor, eventId: string, input: EventUpdateInput): Promise<Result<EventSettings>> {
    const parsedAll = parseInput(EventUpdateSchema, input);
    if (!parsedAll.ok) return parsedAll;
    const parsed = { value: onlyGiven(parsedAll.value, input) };
    const current = await row(eventId);
    if (!current) return fail('event_not_found');
    const before = eventSettings(current);
    const merged = { ...before, ...parsed.value };
    const problems = crossFieldProblems(merged);
    if (merged.status !== before.status && statusOrder[merged.status] < statusOrder[before.status]) {
      problems.push(
        fieldProblem(
          'status',
          `Ett evenemang som är ${statusLabel[before.status].toLowerCase()} kan inte gå tillbaka till ${statusLabel[merged.status].toLowerCase()}.`,
        ),
      );
    }
    if (problems.length) return invalid(problems);
    const tz = current.time_zone;
    const now = clock.now();
    const changed = Object.fromEntries(Object.entries(parsed.value).filter(([key, value]) => before[key as keyof EventSettings] !== value));
    if (Object.keys(changed).length === 0) return ok(before);
    const statements: CompiledQuery[] = [
      // The status moves forward only, also when two organisers change it at once.
      assertion(sql<boolean>`(SELECT status FROM events WHERE id = ${eventId}) = ${before.status}`),
      compiler
        .updateTable('events')
        .set({
          name: merged.name,
          description_sv: merged.descriptionSv,
          description_en: merged.descriptionEn,
          venue_name: merged.venueName,
          venue_address: merged.venueAddress,
          organiser_name: merged.organiserName,
          organiser_email: merged.organiserEmail,
          starts_at: toInstant(merged.date, merged.startTime, tz),
          ends_at: toInstant(merged.date, merged.endTime, tz),
          registration_opens_at: toInstant(merged.registrationOpensDate, '00:00', tz),
          registration_closes_at: closingInstant(merged.registrationClosesDate, tz),
          status: merged.status,
          min_politicians: merged.minPoliticians,
          max_politicians: merged.maxPoliticians,
          min_officials: merged.minOfficials,
          max_officials: merged.maxOfficials,
          max_delegation_size: merged.maxDelegationSize,
          transfer_buffer_minutes: merged.transferBufferMinutes,
          allow_department_request: merged.allowDepartmentRequest ? 1 : 0,
          allow_party_request: merged.allowPartyRequest ? 1 : 0,
          serve_visit_queue: merged.serveVisitQueue ? 1 : 0,
          retention_days: merged.retentionDays,
          confirmation_hold_hours: merged.confirmationHoldHours,
          max_attendees_per_company: merged.maxAttendeesPerCompany,
          burst_alert_threshold: merged.burstAlertThreshold,
          registration_paused: merged.registrationPaused ? 1 : 0,
          privacy_controller: merged.privacyController,
          privacy_contact: merged.privacyContact,
          privacy_legal_basis: merged.privacyLegalBasis,
          updated_at: now.toISOString(),
        })
        .where('id', '=', eventId)
        .compile(),
      auditQuery(
        {
          actor,
          action: 'update',
          entity: 'event',
          entityId: eventId,
          eventId,
          before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof EventSettings]])),
          after: changed,
        },
        now,
      ),
    ];
    try {
      await batch.run(statements);
    } catch (error) {
      if (isAssertionFailure(error))
        return invalid([fieldProblem('status', 'Någon annan ändrade status samtidigt. Ladda om sidan och försök igen.')]);
      throw error;
    }
    return ok(eventSettings((await row(eventId)) as EventRow));
  }

  /**
   * A new draft event from an earlier one: program (moved to the new date, same wall-clock times), visit
   * slots, topics, zones, the travel table, hosts (without availability and without their private links),
   * and the same organisers. Registrations, requests and visits stay behind.
   */
  async function copy(actor: SetupActor, sourceId: string, input: EventCopyInput): Promise<Result<EventSettings>> {
    const parsed = parseInput(EventCopySchema, input);
    if (!parsed.ok) return parsed;
    const v = parsed.value;
    const source = await row(sourceId);
    if (!source) return fail('event_not_found');
    const tz = source.time_zone;
    const shift = daysBetween(dateOf(source.starts_at, tz), v.date);
    const move = (instant: string) => shiftLocalDays(instant, shift, tz);
    const [topics, sessions, zones, travel, slots, hosts, hostTopics, organisers] = await Promise.all([
      db.selectFrom('topics').selectAll().where('event_id', '=', sourceId).execute(),
      db.selectFrom('sessions').selectAll().where('event_id', '=', sourceId).execute(),
      db.selectFrom('zones').selectAll().where('event_id', '=', sourceId).execute(),
      db
        .selectFrom('travel_times')
        .innerJoin('zones', 'zones.id', 'travel_times.from_zone_id')
        .select(['from_zone_id', 'to_zone_id', 'minutes'])
        .where('zones.event_id', '=', sourceId)
        .execute(),
      db.selectFrom('visit_slots').selectAll().where('event_id', '=', sourceId).execute(),
      db.selectFrom('hosts').selectAll().where('event_id', '=', sourceId).execute(),
      db
        .selectFrom('host_topics')
        .innerJoin('hosts', 'hosts.id', 'host_topics.host_id')
        .select(['host_id', 'topic_id'])
        .where('hosts.event_id', '=', sourceId)
        .execute(),
      db.selectFrom('event_organisers').select('organiser_id').where('event_id', '=', sourceId).execute(),
    ]);
    const now = clock.now();
    const stamp = now.toISOString();
    const id = newId();
    const topicIds = new Map(topics.map((t) => [t.id, newId()]));
    const zoneIds = new Map(zones.map((z) => [z.id, newId()]));
    const hostIds = new Map(hosts.map((h) => [h.id, newId()]));
    const mapped = (map: Map<string, string>, key: string | null) => (key === null ? null : (map.get(key) ?? null));
    const {
      id: _id,
      slug: _slug,
      name: _name,
      status: _status,
      personal_data_erased_at: _erased,
      copied_from_event_id: _copied,
      created_at: _created,
      updated_at: _updated,
      ...kept
    } = source;
    const statements: CompiledQuery[] = [
      compiler
        .insertInto('events')
        .values({
          ...kept,
          id,
          slug: v.slug,
          name: v.name,
          status: 'draft',
          starts_at: move(source.starts_at),
          ends_at: move(source.ends_at),
          registration_opens_at: move(source.registration_opens_at),
          registration_closes_at: move(source.registration_closes_at),
          copied_from_event_id: source.id,
          personal_data_erased_at: null,
          // The guards' settings carry over; a pause and the last alert belong to last year's registration.
          registration_paused: 0,
          burst_alerted_at: null,
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
      ...assignStatements(
        actor,
        id,
        organisers.map((o) => o.organiser_id),
      ),
      ...topics.map((t) =>
        compiler
          .insertInto('topics')
          .values({ ...t, id: topicIds.get(t.id) as string, event_id: id })
          .compile(),
      ),
      ...sessions.map((s) =>
        compiler
          .insertInto('sessions')
          .values({
            ...s,
            id: newId(),
            event_id: id,
            starts_at: move(s.starts_at),
            ends_at: move(s.ends_at),
            topic_id: mapped(topicIds, s.topic_id),
            places_version: 0,
            created_at: stamp,
            updated_at: stamp,
          })
          .compile(),
      ),
      ...zones.map((z) =>
        compiler
          .insertInto('zones')
          .values({ ...z, id: zoneIds.get(z.id) as string, event_id: id })
          .compile(),
      ),
      ...travel.map((t) =>
        compiler
          .insertInto('travel_times')
          .values({
            from_zone_id: zoneIds.get(t.from_zone_id) as string,
            to_zone_id: zoneIds.get(t.to_zone_id) as string,
            minutes: t.minutes,
          })
          .compile(),
      ),
      ...slots.map((s) =>
        compiler
          .insertInto('visit_slots')
          .values({ id: newId(), event_id: id, starts_at: move(s.starts_at), ends_at: move(s.ends_at) })
          .compile(),
      ),
      ...hosts.map((h) =>
        compiler
          .insertInto('hosts')
          .values({
            ...h,
            id: hostIds.get(h.id) as string,
            event_id: id,
            start_zone_id: mapped(zoneIds, h.start_zone_id),
            access_token_hash: null,
            feed_token_hash: null,
            created_at: stamp,
            updated_at: stamp,
          })
          .compile(),
      ),
      ...hostTopics.map((ht) =>
        compiler
          .insertInto('host_topics')
          .values({ host_id: hostIds.get(ht.host_id) as string, topic_id: topicIds.get(ht.topic_id) as string })
          .compile(),
      ),
      auditQuery(
        {
          actor,
          action: 'copy',
          entity: 'event',
          entityId: id,
          eventId: id,
          before: { from: source.slug },
          after: { ...v, sessions: sessions.length, slots: slots.length, topics: topics.length, zones: zones.length, hosts: hosts.length },
        },
        now,
      ),
    ];
    try {
      await batch.run(statements);
    } catch (error) {
      if (isUniqueViolation(error, 'events.slug')) return slugTaken();
      throw error;
    }
    return ok(eventSettings((await row(id)) as EventRow));
  }

  /** Key counts for the event's overview page. */
  async function overview(eventId: string) {
    const n = (value: unknown) => Number(value ?? 0);
    const [registrations, requests, sessions, slots, hosts] = await Promise.all([
      db
        .selectFrom('registrations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('event_id', '=', eventId)
        .where('status', '=', 'active')
        .executeTakeFirst(),
      db
        .selectFrom('visit_requests')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('event_id', '=', eventId)
        .where('status', '=', 'active')
        .executeTakeFirst(),
      // One row for the program: the place counts are kept on each session (migration 0007).
      db
        .selectFrom('sessions')
        .select((eb) => [
          eb.fn.countAll().as('n'),
          eb.fn.sum('capacity').as('capacity'),
          eb.fn.sum('confirmed_count').as('confirmed'),
          eb.fn.sum('waitlisted_count').as('waitlisted'),
        ])
        .where('event_id', '=', eventId)
        .executeTakeFirst(),
      db
        .selectFrom('visit_slots')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('event_id', '=', eventId)
        .executeTakeFirst(),
      db
        .selectFrom('hosts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('event_id', '=', eventId)
        .executeTakeFirst(),
    ]);
    return {
      registrations: n(registrations?.n),
      placesTaken: n(sessions?.confirmed),
      waitlisted: n(sessions?.waitlisted),
      capacity: n(sessions?.capacity),
      visitRequests: n(requests?.n),
      sessions: n(sessions?.n),
      slots: n(slots?.n),
      hosts: n(hosts?.n),
    };
  }

  return {
    get: async (eventId: string) => {
      const found = await row(eventId);
      return found ? eventSettings(found) : undefined;
    },
    create,
    update,
    copy,
    overview,
  };
}
