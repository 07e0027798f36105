/**
 * The program: sessions created, changed and removed by organisers. A raised capacity promotes people from
 * the waiting list in the same batch (with the same invites and notices as a cancellation on the public
 * side); a capacity below the confirmed places, and removing a session that has places, are refused.
 */
import { type CompiledQuery, sql } from 'kysely';
import { compiler } from '../../../db/compiler.ts';
import type { SessionRow } from '../../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { auditQuery } from '../access/audit.ts';
import { assertion, isAssertionFailure, retryOnStaleSnapshot } from '../batch.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { promotionStatements } from '../place-notices.ts';
import { sessionChangeStatements } from '../place-statements.ts';
import { loadEventContext, loadSessionStates } from '../registration-store.ts';
import { planSession } from '../waitlist.ts';
import { fieldProblem, invalid, onlyGiven, parseInput, type SetupActor } from './common.ts';
import { type SessionInput, SessionInputSchema, type SessionUpdateInput, SessionUpdateSchema } from './inputs.ts';
import { dateOf, localTime, toInstant } from './local-time.ts';

export interface SessionView {
  id: string;
  kind: SessionRow['kind'];
  titleSv: string;
  titleEn: string;
  descriptionSv: string;
  descriptionEn: string;
  date: string;
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
  room: string;
  capacity: number;
  topicId: string | null;
  confirmed: number;
  waitlisted: number;
}

export const sessionKindLabel: Record<SessionRow['kind'], string> = {
  dialogue: 'Dialogmöte',
  seminar: 'Seminarium',
  breakfast: 'Frukost',
  other: 'Annat',
};

function view(s: SessionRow, tz: string, counts: { confirmed: number; waitlisted: number }): SessionView {
  return {
    id: s.id,
    kind: s.kind,
    titleSv: s.title_sv,
    titleEn: s.title_en,
    descriptionSv: s.description_sv,
    descriptionEn: s.description_en,
    date: dateOf(s.starts_at, tz),
    startTime: localTime(s.starts_at, tz),
    endTime: localTime(s.ends_at, tz),
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    room: s.room,
    capacity: s.capacity,
    topicId: s.topic_id,
    ...counts,
  };
}

export function createProgramSetup(deps: Deps) {
  const { db, batch, clock } = deps;

  async function timeZoneOf(eventId: string) {
    return (await db.selectFrom('events').select('time_zone').where('id', '=', eventId).executeTakeFirst())?.time_zone;
  }

  async function list(eventId: string): Promise<SessionView[]> {
    const tz = (await timeZoneOf(eventId)) ?? 'Europe/Stockholm';
    const sessions = await db
      .selectFrom('sessions')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('starts_at')
      .orderBy('title_sv')
      .execute();
    // The place counts are kept on each session by triggers (migration 0007).
    return sessions.map((s) => view(s, tz, { confirmed: s.confirmed_count, waitlisted: s.waitlisted_count }));
  }

  async function get(eventId: string, sessionId: string) {
    return (await list(eventId)).find((s) => s.id === sessionId);
  }

  async function checkTopic(eventId: string, topicId: string | null | undefined) {
    if (!topicId) return [];
    const topic = await db.selectFrom('topics').select('id').where('id', '=', topicId).where('event_id', '=', eventId).executeTakeFirst();
    return topic ? [] : [fieldProblem('topicId', 'Ämnet finns inte i det här evenemanget.', 'unknown_topic')];
  }

  async function create(actor: SetupActor, eventId: string, input: SessionInput): Promise<Result<SessionView>> {
    const parsed = parseInput(SessionInputSchema, input);
    if (!parsed.ok) return parsed;
    const v = parsed.value;
    const tz = await timeZoneOf(eventId);
    if (!tz) return fail('event_not_found');
    const problems = [
      ...(v.endTime <= v.startTime ? [fieldProblem('endTime', 'Sluttiden måste vara efter starttiden.')] : []),
      ...(await checkTopic(eventId, v.topicId)),
    ];
    if (problems.length) return invalid(problems);
    const now = clock.now();
    const stamp = now.toISOString();
    const id = newId();
    await batch.run([
      compiler
        .insertInto('sessions')
        .values({
          id,
          event_id: eventId,
          kind: v.kind,
          title_sv: v.titleSv,
          title_en: v.titleEn,
          description_sv: v.descriptionSv,
          description_en: v.descriptionEn,
          starts_at: toInstant(v.date, v.startTime, tz),
          ends_at: toInstant(v.date, v.endTime, tz),
          room: v.room,
          capacity: v.capacity,
          topic_id: v.topicId,
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
      auditQuery({ actor, action: 'create', entity: 'session', entityId: id, eventId, after: v }, now),
    ]);
    return ok((await get(eventId, id)) as SessionView);
  }

  /**
   * Changes a session. Built from a snapshot of its places (places_version) and retried if it goes stale:
   * the capacity is set first, then the waiting list moves up into the new places and the promoted people
   * get their invites, all in one batch.
   */
  async function update(actor: SetupActor, eventId: string, sessionId: string, input: SessionUpdateInput): Promise<Result<SessionView>> {
    const parsedAll = parseInput(SessionUpdateSchema, input);
    if (!parsedAll.ok) return parsedAll;
    const parsed = { value: onlyGiven(parsedAll.value, input) };
    return retryOnStaleSnapshot(async () => {
      const current = await get(eventId, sessionId);
      const context = await loadEventContext(db, { id: eventId });
      if (!current || !context) return fail('not_found');
      const tz = context.event.time_zone;
      const merged = { ...current, ...parsed.value };
      const state = (await loadSessionStates(db, [sessionId])).get(sessionId);
      if (!state) return fail('not_found');
      const problems = [
        ...(merged.endTime <= merged.startTime ? [fieldProblem('endTime', 'Sluttiden måste vara efter starttiden.')] : []),
        ...(await checkTopic(eventId, parsed.value.topicId)),
      ];
      if (merged.capacity < state.confirmedCount) {
        problems.push(
          fieldProblem(
            'capacity',
            `Platserna kan inte bli färre än de ${state.confirmedCount} som redan är bekräftade. Avboka deltagare först om passet måste bli mindre.`,
            'capacity_below_confirmed',
          ),
        );
      }
      if (problems.length) return invalid(problems);

      const now = clock.now();
      const stamp = now.toISOString();
      const startsAt = toInstant(merged.date, merged.startTime, tz);
      const endsAt = toInstant(merged.date, merged.endTime, tz);
      const statements: CompiledQuery[] = [
        assertion(sql<boolean>`(SELECT places_version FROM sessions WHERE id = ${sessionId}) = ${state.version}`),
        compiler
          .updateTable('sessions')
          .set({
            kind: merged.kind,
            title_sv: merged.titleSv,
            title_en: merged.titleEn,
            description_sv: merged.descriptionSv,
            description_en: merged.descriptionEn,
            starts_at: startsAt,
            ends_at: endsAt,
            room: merged.room,
            capacity: merged.capacity,
            topic_id: merged.topicId,
            updated_at: stamp,
          })
          .where('id', '=', sessionId)
          .where('event_id', '=', eventId)
          .compile(),
      ];
      const plan = planSession(
        { ...state, capacity: merged.capacity },
        { cancelledConfirmed: 0, cancelledWaiting: new Set(), newAttendees: [] },
      );
      if (plan.promoted.length) {
        statements.push(...sessionChangeStatements({ state, plan, cancelledPlaceIds: [], newPlaceIds: [] }, stamp));
        // The invites describe the session as it is after this change.
        context.sessions.set(sessionId, {
          id: sessionId,
          title: { sv: merged.titleSv, en: merged.titleEn },
          description: { sv: merged.descriptionSv, en: merged.descriptionEn },
          startsAt,
          endsAt,
          room: merged.room,
        });
        const promotions = plan.promoted.map((p) => ({ placeId: p.placeId, attendeeId: p.attendeeId, sessionId }));
        statements.push(...(await promotionStatements(deps, { context, now }, promotions)));
      }
      const changed = Object.keys(parsed.value).filter((key) => current[key as keyof SessionView] !== merged[key as keyof typeof merged]);
      statements.push(
        auditQuery(
          {
            actor,
            action: 'update',
            entity: 'session',
            entityId: sessionId,
            eventId,
            before: Object.fromEntries(changed.map((k) => [k, current[k as keyof SessionView]])),
            after: {
              ...Object.fromEntries(changed.map((k) => [k, merged[k as keyof typeof merged]])),
              ...(plan.promoted.length ? { promotedFromWaitlist: plan.promoted.length } : {}),
            },
          },
          now,
        ),
      );
      await batch.run(statements);
      return ok((await get(eventId, sessionId)) as SessionView);
    });
  }

  /** Removes a session that nobody has a place in (confirmed or waiting). */
  async function remove(actor: SetupActor, eventId: string, sessionId: string): Promise<Result<{ deleted: true }>> {
    const current = await get(eventId, sessionId);
    if (!current) return fail('not_found');
    const refusal = () =>
      invalid(
        [
          fieldProblem(
            'id',
            'Passet har deltagare och kan inte tas bort. Avboka deltagarna först, eller sätt platserna till noll så att inga nya kan anmäla sig.',
            'session_has_places',
          ),
        ],
        'the session has places',
      );
    if (current.confirmed + current.waitlisted > 0) return refusal();
    const now = clock.now();
    try {
      await batch.run([
        assertion(sql<boolean>`NOT EXISTS (SELECT 1 FROM session_places WHERE session_id = ${sessionId} AND status <> 'cancelled')`),
        compiler.deleteFrom('sessions').where('id', '=', sessionId).where('event_id', '=', eventId).compile(),
        auditQuery({ actor, action: 'delete', entity: 'session', entityId: sessionId, eventId, before: current }, now),
      ]);
    } catch (error) {
      if (isAssertionFailure(error)) return refusal();
      throw error;
    }
    return ok({ deleted: true });
  }

  return { list, get, create, update, remove };
}
