/**
 * Places and people on the day: attendee lists per session (confirmed and waiting list), moving a chosen
 * person off a waiting list, and check-in with its counts. Every change is one atomic batch with its
 * emails and its audit row.
 */
import { type CompiledQuery, type Kysely, type SqlBool, sql } from 'kysely';
import { compiler } from '../../../db/compiler.ts';
import type { Database } from '../../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { auditQuery } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { isAssertionFailure, retryOnStaleSnapshot } from '../batch.ts';
import { fail, ok, type Result } from '../errors.ts';
import { promotionStatements } from '../place-notices.ts';
import { sessionChangeStatements } from '../place-statements.ts';
import type { MailContext } from '../registration-mail.ts';
import { loadEventContext, loadSessionStates } from '../registration-store.ts';
import type { SessionPlan } from '../waitlist.ts';
import { containsPattern, type PromoteInput, searchVariants } from './queries.ts';

const collator = new Intl.Collator('sv');

export interface ListedPerson {
  attendeeId: string;
  registrationId: string;
  name: string;
  email: string;
  company: string;
  checkedInAt: string | null;
}

export interface SessionList {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  room: string;
  capacity: number;
  confirmed: ListedPerson[];
  waitlist: (ListedPerson & { position: number })[];
}

/** The sessions of an event (or one of them) with their confirmed attendees by name and their waiting list in order. */
export async function sessionLists(db: Kysely<Database>, eventId: string, sessionId?: string): Promise<SessionList[]> {
  const sessions = await db
    .selectFrom('sessions')
    .select(['id', 'title_sv', 'starts_at', 'ends_at', 'room', 'capacity'])
    .where('event_id', '=', eventId)
    .$if(Boolean(sessionId), (q) => q.where('id', '=', sessionId as string))
    .orderBy('starts_at')
    .orderBy('title_sv')
    .execute();
  if (sessions.length === 0) return [];
  const places = await db
    .selectFrom('session_places as p')
    .innerJoin('sessions as s', 's.id', 'p.session_id')
    .innerJoin('attendees as a', 'a.id', 'p.attendee_id')
    .innerJoin('registrations as r', 'r.id', 'a.registration_id')
    .select([
      'p.session_id',
      'p.status',
      'p.waitlist_position',
      'a.id as attendee_id',
      'a.name',
      'a.email',
      'a.checked_in_at',
      'r.id as registration_id',
      'r.company_name as company',
    ])
    .where('s.event_id', '=', eventId)
    .$if(Boolean(sessionId), (q) => q.where('p.session_id', '=', sessionId as string))
    .where('p.status', '<>', 'cancelled')
    .where('r.status', '=', 'active')
    .execute();
  return sessions.map((s) => {
    const mine = places.filter((p) => p.session_id === s.id);
    const person = (p: (typeof mine)[number]): ListedPerson => ({
      attendeeId: p.attendee_id,
      registrationId: p.registration_id,
      name: p.name,
      email: p.email,
      company: p.company,
      checkedInAt: p.checked_in_at,
    });
    return {
      id: s.id,
      title: s.title_sv,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      room: s.room,
      capacity: s.capacity,
      confirmed: mine
        .filter((p) => p.status === 'confirmed')
        .map(person)
        .sort((x, y) => collator.compare(x.name, y.name) || collator.compare(x.company, y.company)),
      waitlist: mine
        .filter((p) => p.status === 'waitlisted')
        .map((p) => ({ ...person(p), position: p.waitlist_position ?? 0 }))
        .sort((x, y) => x.position - y.position),
    };
  });
}

export interface CheckInCounts {
  total: { checkedIn: number; expected: number };
  sessions: { id: string; title: string; startsAt: string; checkedIn: number; expected: number }[];
}

/** Checked in / expected (people with a confirmed place) per session and for the whole event. */
export async function checkInCounts(db: Kysely<Database>, eventId: string): Promise<CheckInCounts> {
  const [perSession, total] = await Promise.all([
    db
      .selectFrom('sessions as s')
      .leftJoin('session_places as p', (join) => join.onRef('p.session_id', '=', 's.id').on('p.status', '=', 'confirmed'))
      .leftJoin('attendees as a', 'a.id', 'p.attendee_id')
      .select([
        's.id',
        's.title_sv',
        's.starts_at',
        sql<number>`count(p.id)`.as('expected'),
        sql<number>`count(a.checked_in_at)`.as('checked_in'),
      ])
      .where('s.event_id', '=', eventId)
      .groupBy('s.id')
      .orderBy('s.starts_at')
      .orderBy('s.title_sv')
      .execute(),
    db
      .selectFrom('session_places as p')
      .innerJoin('sessions as s', 's.id', 'p.session_id')
      .innerJoin('attendees as a', 'a.id', 'p.attendee_id')
      .select([
        sql<number>`count(DISTINCT a.id)`.as('expected'),
        sql<number>`count(DISTINCT CASE WHEN a.checked_in_at IS NOT NULL THEN a.id END)`.as('checked_in'),
      ])
      .where('s.event_id', '=', eventId)
      .where('p.status', '=', 'confirmed')
      .executeTakeFirst(),
  ]);
  return {
    total: { checkedIn: Number(total?.checked_in ?? 0), expected: Number(total?.expected ?? 0) },
    sessions: perSession.map((s) => ({
      id: s.id,
      title: s.title_sv,
      startsAt: s.starts_at,
      checkedIn: Number(s.checked_in),
      expected: Number(s.expected),
    })),
  };
}

export interface CheckInPerson {
  attendeeId: string;
  registrationId: string;
  name: string;
  email: string;
  company: string;
  checkedInAt: string | null;
  sessions: { id: string; title: string; startsAt: string; status: 'confirmed' | 'waitlisted' }[];
}

/** People of active registrations whose name, email or company contains `q` (at most 50), by name. */
export async function searchPeople(db: Kysely<Database>, eventId: string, q: string, limit = 50): Promise<CheckInPerson[]> {
  const text = q.trim();
  if (!text) return [];
  const conditions = searchVariants(text).flatMap((variant) => {
    const pattern = containsPattern(variant);
    return [
      sql<SqlBool>`a.name LIKE ${pattern} ESCAPE '\\'`,
      sql<SqlBool>`a.email LIKE ${pattern} ESCAPE '\\'`,
      sql<SqlBool>`r.company_name LIKE ${pattern} ESCAPE '\\'`,
    ];
  });
  const people = await db
    .selectFrom('attendees as a')
    .innerJoin('registrations as r', 'r.id', 'a.registration_id')
    .select(['a.id', 'a.name', 'a.email', 'a.checked_in_at', 'r.id as registration_id', 'r.company_name as company'])
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'active')
    .where('a.removed_at', 'is', null)
    .where((eb) => eb.or(conditions))
    .orderBy('a.name')
    .limit(limit)
    .execute();
  if (people.length === 0) return [];
  const places = await db
    .selectFrom('session_places as p')
    .innerJoin('sessions as s', 's.id', 'p.session_id')
    .select(['p.attendee_id', 'p.status', 's.id', 's.title_sv', 's.starts_at'])
    .where(
      'p.attendee_id',
      'in',
      people.map((p) => p.id),
    )
    .where('p.status', '<>', 'cancelled')
    .orderBy('s.starts_at')
    .execute();
  return people
    .map((p) => ({
      attendeeId: p.id,
      registrationId: p.registration_id,
      name: p.name,
      email: p.email,
      company: p.company,
      checkedInAt: p.checked_in_at,
      sessions: places
        .filter((s) => s.attendee_id === p.id)
        .map((s) => ({ id: s.id, title: s.title_sv, startsAt: s.starts_at, status: s.status as 'confirmed' | 'waitlisted' })),
    }))
    .sort((x, y) => collator.compare(x.name, y.name));
}

/** Ticks (or unticks) an attendee as checked in; a repeat leaves the first time in place and writes nothing. */
export async function setCheckedIn(
  deps: Deps,
  actor: Actor,
  eventId: string,
  attendeeId: string,
  checkedIn: boolean,
): Promise<Result<{ attendeeId: string; name: string; checkedInAt: string | null }>> {
  const { db, batch, clock } = deps;
  const person = await db
    .selectFrom('attendees as a')
    .innerJoin('registrations as r', 'r.id', 'a.registration_id')
    .select(['a.id', 'a.name', 'a.checked_in_at'])
    .where('a.id', '=', attendeeId)
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'active')
    .where('a.removed_at', 'is', null)
    .executeTakeFirst();
  if (!person) return fail('not_found');
  if (Boolean(person.checked_in_at) === checkedIn) return ok({ attendeeId, name: person.name, checkedInAt: person.checked_in_at });
  const now = clock.now();
  const stamp = checkedIn ? now.toISOString() : null;
  await batch.run([
    compiler.updateTable('attendees').set({ checked_in_at: stamp }).where('id', '=', attendeeId).compile(),
    auditQuery(
      {
        actor,
        action: checkedIn ? 'check_in' : 'undo_check_in',
        entity: 'attendee',
        entityId: attendeeId,
        eventId,
        before: { checkedInAt: person.checked_in_at },
        after: { checkedInAt: stamp },
      },
      now,
    ),
  ]);
  return ok({ attendeeId, name: person.name, checkedInAt: stamp });
}

export interface Promoted {
  sessionId: string;
  attendeeId: string;
  capacityBefore: number;
  capacityAfter: number;
}

/**
 * Moves a chosen attendee off a session's waiting list into a confirmed place, with the same invite and
 * word to the contact as an automatic promotion. In a full session only with `raiseCapacity`: the
 * session's capacity is raised to fit, in the same batch, and the audit row says so. (A capacity trigger
 * forbids confirmed places beyond capacity, so an override that left the capacity as it was would be a lie
 * the database refuses.)
 */
export async function promoteWaitlisted(
  deps: Deps,
  actor: Actor,
  eventId: string,
  input: PromoteInput,
  registrationId?: string,
): Promise<Result<Promoted>> {
  const { db, batch, clock } = deps;
  const owner = await db
    .selectFrom('attendees as a')
    .innerJoin('registrations as r', 'r.id', 'a.registration_id')
    .select(['a.id', 'r.status'])
    .where('a.id', '=', input.attendeeId)
    .where('r.event_id', '=', eventId)
    .where('a.removed_at', 'is', null)
    .$if(registrationId !== undefined, (q) => q.where('a.registration_id', '=', registrationId as string))
    .executeTakeFirst();
  if (owner?.status !== 'active') return fail('not_found', 'no such attendee in this event');
  try {
    return await retryOnStaleSnapshot(async (): Promise<Result<Promoted>> => {
      const context = await loadEventContext(db, { id: eventId });
      if (!context?.sessions.has(input.sessionId)) return fail('not_found', 'no such session in this event');
      const state = (await loadSessionStates(db, [input.sessionId])).get(input.sessionId);
      const place = state?.waitlist.find((w) => w.attendeeId === input.attendeeId);
      if (!state || !place) return fail('not_found', 'the attendee is not on this waiting list');
      const full = state.confirmedCount >= state.capacity;
      if (full && !input.raiseCapacity) {
        return fail('session_full', 'the session is full: raise its capacity to promote over it');
      }
      const now = clock.now();
      const stamp = now.toISOString();
      const capacityAfter = full ? state.confirmedCount + 1 : state.capacity;
      const plan: SessionPlan = {
        promoted: [place],
        renumbered: state.waitlist
          .filter((w) => w.placeId !== place.placeId)
          .sort((a, b) => a.position - b.position)
          .map((w, index) => ({ placeId: w.placeId, position: index + 1 })),
        added: [],
      };
      const [assert, ...rest] = sessionChangeStatements({ state, plan, cancelledPlaceIds: [], newPlaceIds: [] }, stamp);
      const statements: CompiledQuery[] = [assert as CompiledQuery];
      if (full) {
        statements.push(
          compiler.updateTable('sessions').set({ capacity: capacityAfter, updated_at: stamp }).where('id', '=', input.sessionId).compile(),
        );
      }
      statements.push(...rest);
      const ctx: MailContext = { context, now };
      statements.push(
        ...(await promotionStatements(deps, ctx, [{ placeId: place.placeId, attendeeId: input.attendeeId, sessionId: input.sessionId }])),
        auditQuery(
          {
            actor,
            action: full ? 'promote_over_capacity' : 'promote',
            entity: 'attendee',
            entityId: input.attendeeId,
            eventId,
            before: { sessionId: input.sessionId, status: 'waitlisted', position: place.position, capacity: state.capacity },
            after: { sessionId: input.sessionId, status: 'confirmed', capacity: capacityAfter, capacityRaised: full },
          },
          now,
        ),
      );
      await batch.run(statements);
      return ok({ sessionId: input.sessionId, attendeeId: input.attendeeId, capacityBefore: state.capacity, capacityAfter });
    });
  } catch (error) {
    if (isAssertionFailure(error)) return fail('session_full', 'the waiting list kept changing: try again');
    throw error;
  }
}
