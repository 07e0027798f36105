/**
 * What visit planning works from: visit slots (one or more days), topics, zones with coordinates and the
 * travel-time table between zones. Each change is one batch with its audit row.
 */
import { type CompiledQuery, sql } from 'kysely';
import { compiler } from '../../../db/compiler.ts';
import type { Deps } from '../../deps.ts';
import { defaultTravelMinutes } from '../../matching/travel.ts';
import { auditQuery } from '../access/audit.ts';
import { isUniqueViolation } from '../batch.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { fieldProblem, invalid, parseInput, type SetupActor, slugify } from './common.ts';
import {
  type SlotInput,
  SlotInputSchema,
  type TopicInput,
  TopicInputSchema,
  type TravelTimesInput,
  TravelTimesSchema,
  type ZoneInput,
  ZoneInputSchema,
} from './inputs.ts';
import { dateOf, localTime, toInstant } from './local-time.ts';

export interface SlotView {
  id: string;
  date: string;
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
}
export interface TopicView {
  id: string;
  slug: string;
  nameSv: string;
  nameEn: string;
  sort: number;
}
export interface ZoneView {
  id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
}
export interface TravelCell {
  fromZoneId: string;
  toZoneId: string;
  /** Set in the table, or null: then the default applies. */
  minutes: number | null;
  /** Derived from the coordinates (straight line × 1.3 at 30 km/h), or null without coordinates. */
  defaultMinutes: number | null;
}

type Kind = 'slot' | 'topic' | 'zone';
const entityName: Record<Kind, string> = { slot: 'visit_slot', topic: 'topic', zone: 'zone' };
const table = { slot: 'visit_slots', topic: 'topics', zone: 'zones' } as const;

export function createVisitSetup(deps: Deps) {
  const { db, batch, clock } = deps;

  async function timeZoneOf(eventId: string) {
    return (await db.selectFrom('events').select('time_zone').where('id', '=', eventId).executeTakeFirst())?.time_zone;
  }

  async function slots(eventId: string): Promise<SlotView[]> {
    const tz = (await timeZoneOf(eventId)) ?? 'Europe/Stockholm';
    const rows = await db.selectFrom('visit_slots').selectAll().where('event_id', '=', eventId).orderBy('starts_at').execute();
    return rows.map((s) => ({
      id: s.id,
      date: dateOf(s.starts_at, tz),
      startTime: localTime(s.starts_at, tz),
      endTime: localTime(s.ends_at, tz),
      startsAt: s.starts_at,
      endsAt: s.ends_at,
    }));
  }

  async function topics(eventId: string): Promise<TopicView[]> {
    const rows = await db.selectFrom('topics').selectAll().where('event_id', '=', eventId).orderBy('sort').orderBy('name_sv').execute();
    return rows.map((t) => ({ id: t.id, slug: t.slug, nameSv: t.name_sv, nameEn: t.name_en, sort: t.sort }));
  }

  async function zones(eventId: string): Promise<ZoneView[]> {
    const rows = await db.selectFrom('zones').selectAll().where('event_id', '=', eventId).orderBy('name').execute();
    return rows.map((z) => ({ id: z.id, name: z.name, latitude: z.latitude, longitude: z.longitude }));
  }

  async function travelTable(eventId: string): Promise<{ zones: ZoneView[]; cells: TravelCell[] }> {
    const zoneList = await zones(eventId);
    const rows = zoneList.length
      ? await db
          .selectFrom('travel_times')
          .selectAll()
          .where(
            'from_zone_id',
            'in',
            zoneList.map((z) => z.id),
          )
          .execute()
      : [];
    const set = new Map(rows.map((r) => [`${r.from_zone_id}:${r.to_zone_id}`, r.minutes]));
    const cells = zoneList.flatMap((from) =>
      zoneList
        .filter((to) => to.id !== from.id)
        .map((to) => ({
          fromZoneId: from.id,
          toZoneId: to.id,
          minutes: set.get(`${from.id}:${to.id}`) ?? null,
          defaultMinutes: defaultTravelMinutes(from, to),
        })),
    );
    return { zones: zoneList, cells };
  }

  const exists = async (kind: Kind, eventId: string, id: string) =>
    Boolean(await db.selectFrom(table[kind]).select('id').where('id', '=', id).where('event_id', '=', eventId).executeTakeFirst());

  async function write(
    actor: SetupActor,
    eventId: string,
    kind: Kind,
    action: 'create' | 'update' | 'delete',
    id: string,
    statement: CompiledQuery,
    audit: { before?: unknown; after?: unknown },
  ) {
    const now = clock.now();
    await batch.run([statement, auditQuery({ actor, action, entity: entityName[kind], entityId: id, eventId, ...audit }, now)]);
  }

  async function saveSlot(actor: SetupActor, eventId: string, input: SlotInput, slotId?: string): Promise<Result<SlotView>> {
    const parsed = parseInput(SlotInputSchema, input);
    if (!parsed.ok) return parsed;
    const v = parsed.value;
    const tz = await timeZoneOf(eventId);
    if (!tz) return fail('event_not_found');
    if (v.endTime <= v.startTime) return invalid([fieldProblem('endTime', 'Sluttiden måste vara efter starttiden.')]);
    if (slotId && !(await exists('slot', eventId, slotId))) return fail('not_found');
    const id = slotId ?? newId();
    const values = { starts_at: toInstant(v.date, v.startTime, tz), ends_at: toInstant(v.date, v.endTime, tz) };
    const before = slotId ? (await slots(eventId)).find((s) => s.id === slotId) : undefined;
    await write(
      actor,
      eventId,
      'slot',
      slotId ? 'update' : 'create',
      id,
      slotId
        ? compiler.updateTable('visit_slots').set(values).where('id', '=', id).where('event_id', '=', eventId).compile()
        : compiler
            .insertInto('visit_slots')
            .values({ id, event_id: eventId, ...values })
            .compile(),
      { before, after: v },
    );
    return ok((await slots(eventId)).find((s) => s.id === id) as SlotView);
  }

  async function saveTopic(actor: SetupActor, eventId: string, input: TopicInput, topicId?: string): Promise<Result<TopicView>> {
    const parsed = parseInput(TopicInputSchema, input);
    if (!parsed.ok) return parsed;
    const v = parsed.value;
    if (topicId && !(await exists('topic', eventId, topicId))) return fail('not_found');
    const id = topicId ?? newId();
    const list = await topics(eventId);
    const before = list.find((t) => t.id === topicId);
    const sort = v.sort ?? before?.sort ?? (list.at(-1)?.sort ?? 0) + 1;
    try {
      await write(
        actor,
        eventId,
        'topic',
        topicId ? 'update' : 'create',
        id,
        topicId
          ? compiler
              .updateTable('topics')
              .set({ name_sv: v.nameSv, name_en: v.nameEn, sort })
              .where('id', '=', id)
              .where('event_id', '=', eventId)
              .compile()
          : compiler
              .insertInto('topics')
              .values({ id, event_id: eventId, slug: slugify(v.nameSv), name_sv: v.nameSv, name_en: v.nameEn, sort })
              .compile(),
        { before, after: v },
      );
    } catch (error) {
      if (isUniqueViolation(error, 'topics.'))
        return invalid([fieldProblem('nameSv', 'Det finns redan ett ämne med det namnet.', 'duplicate')]);
      throw error;
    }
    return ok((await topics(eventId)).find((t) => t.id === id) as TopicView);
  }

  async function saveZone(actor: SetupActor, eventId: string, input: ZoneInput, zoneId?: string): Promise<Result<ZoneView>> {
    const parsed = parseInput(ZoneInputSchema, input);
    if (!parsed.ok) return parsed;
    const v = parsed.value;
    if ((v.latitude === null) !== (v.longitude === null))
      return invalid([
        fieldProblem(v.latitude === null ? 'latitude' : 'longitude', 'Fyll i både latitud och longitud, eller ingen av dem.'),
      ]);
    if (zoneId && !(await exists('zone', eventId, zoneId))) return fail('not_found');
    const id = zoneId ?? newId();
    const before = zoneId ? (await zones(eventId)).find((z) => z.id === zoneId) : undefined;
    const values = { name: v.name, latitude: v.latitude, longitude: v.longitude };
    try {
      await write(
        actor,
        eventId,
        'zone',
        zoneId ? 'update' : 'create',
        id,
        zoneId
          ? compiler.updateTable('zones').set(values).where('id', '=', id).where('event_id', '=', eventId).compile()
          : compiler
              .insertInto('zones')
              .values({ id, event_id: eventId, ...values })
              .compile(),
        { before, after: v },
      );
    } catch (error) {
      if (isUniqueViolation(error, 'zones.')) return invalid([fieldProblem('name', 'Det finns redan en zon med det namnet.', 'duplicate')]);
      throw error;
    }
    return ok((await zones(eventId)).find((z) => z.id === id) as ZoneView);
  }

  /**
   * Removes a slot, topic or zone. A slot that a visit uses is refused (the visit would lose its time);
   * requests, availability and topics that point at it let go of it (the schema cascades).
   */
  async function remove(actor: SetupActor, eventId: string, kind: Kind, id: string): Promise<Result<{ deleted: true }>> {
    if (!(await exists(kind, eventId, id))) return fail('not_found');
    if (kind === 'slot') {
      const used = await db
        .selectFrom('visits')
        .select('id')
        .where('slot_id', '=', id)
        .where('status', '<>', 'cancelled')
        .executeTakeFirst();
      if (used)
        return invalid([
          fieldProblem('id', 'Tiden har planerade besök och kan inte tas bort. Flytta eller avboka besöken först.', 'slot_in_use'),
        ]);
    }
    const before =
      kind === 'slot'
        ? (await slots(eventId)).find((s) => s.id === id)
        : kind === 'topic'
          ? (await topics(eventId)).find((t) => t.id === id)
          : (await zones(eventId)).find((z) => z.id === id);
    try {
      await write(
        actor,
        eventId,
        kind,
        'delete',
        id,
        compiler.deleteFrom(table[kind]).where('id', '=', id).where('event_id', '=', eventId).compile(),
        {
          before,
        },
      );
    } catch (error) {
      // A visit was planned into the slot meanwhile: visits.slot_id has no cascade, so the delete fails.
      if (error instanceof Error && /FOREIGN KEY/i.test(`${error.message} ${String(error.cause ?? '')}`))
        return invalid([fieldProblem('id', 'Tiden används av ett besök och kan inte tas bort.', 'slot_in_use')]);
      throw error;
    }
    return ok({ deleted: true });
  }

  /** Replaces the whole travel table: pairs left out fall back to the default from the coordinates. */
  async function saveTravelTimes(actor: SetupActor, eventId: string, input: TravelTimesInput): Promise<Result<{ saved: number }>> {
    const parsed = parseInput(TravelTimesSchema, input);
    if (!parsed.ok) return parsed;
    const zoneIds = new Set((await zones(eventId)).map((z) => z.id));
    const errors = parsed.value.entries.flatMap((e, i) =>
      !zoneIds.has(e.fromZoneId) || !zoneIds.has(e.toZoneId)
        ? [fieldProblem(`entries.${i}`, 'Zonen finns inte i det här evenemanget.', 'unknown_zone')]
        : e.fromZoneId === e.toZoneId
          ? [fieldProblem(`entries.${i}`, 'Restiden inom en zon är alltid noll.', 'invalid')]
          : [],
    );
    if (errors.length) return invalid(errors);
    const entries = [...new Map(parsed.value.entries.map((e) => [`${e.fromZoneId}:${e.toZoneId}`, e])).values()];
    const before = (await travelTable(eventId)).cells.filter((c) => c.minutes !== null).map((c) => ({ ...c, defaultMinutes: undefined }));
    const now = clock.now();
    const statements: CompiledQuery[] = [
      sql`DELETE FROM travel_times WHERE from_zone_id IN (SELECT id FROM zones WHERE event_id = ${eventId})`.compile(compiler),
    ];
    // At most 100 parameters per statement on D1: 30 rows of three.
    for (let i = 0; i < entries.length; i += 30) {
      statements.push(
        compiler
          .insertInto('travel_times')
          .values(entries.slice(i, i + 30).map((e) => ({ from_zone_id: e.fromZoneId, to_zone_id: e.toZoneId, minutes: e.minutes })))
          .compile(),
      );
    }
    statements.push(
      auditQuery({ actor, action: 'update', entity: 'travel_times', entityId: eventId, eventId, before, after: entries }, now),
    );
    await batch.run(statements);
    return ok({ saved: entries.length });
  }

  return {
    slots,
    topics,
    zones,
    travelTable,
    createSlot: (actor: SetupActor, eventId: string, input: SlotInput) => saveSlot(actor, eventId, input),
    updateSlot: (actor: SetupActor, eventId: string, id: string, input: SlotInput) => saveSlot(actor, eventId, input, id),
    createTopic: (actor: SetupActor, eventId: string, input: TopicInput) => saveTopic(actor, eventId, input),
    updateTopic: (actor: SetupActor, eventId: string, id: string, input: TopicInput) => saveTopic(actor, eventId, input, id),
    createZone: (actor: SetupActor, eventId: string, input: ZoneInput) => saveZone(actor, eventId, input),
    updateZone: (actor: SetupActor, eventId: string, id: string, input: ZoneInput) => saveZone(actor, eventId, input, id),
    remove,
    saveTravelTimes,
  };
}
