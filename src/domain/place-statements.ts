/**
 * Statements that decide sessions' places inside an atomic batch:
 *  - `sessionChangeStatements`: an organiser's promotion or capacity raise, planned from a snapshot; the first
 *    statement asserts the session's places are as the snapshot saw them (places_version), the last bumps the
 *    version, so two changes built from the same snapshot can never both commit;
 *  - `additionStatements`: a new registration's places, asserted as outcomes (record 0007);
 *  - `releasePlaces`, `fillFreePlaces`, `askForPlace`: a change's or cancellation's places, decided by the SQL
 *    itself from the rows as they are when the batch runs (record 0011).
 */
import { type CompiledQuery, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import { assertion } from './batch.ts';
import type { SessionState } from './registration-store.ts';
import type { SessionPlan } from './waitlist.ts';

export interface SessionChange {
  state: SessionState;
  plan: SessionPlan;
  cancelledPlaceIds: readonly string[];
  /** Ids for the plan's added places, in the same order as `plan.added`. */
  newPlaceIds: readonly string[];
}

/**
 * Renumbers the waiting list after places left it. Between two removed positions every remaining place
 * moves up by the same amount, so one UPDATE per range does it with a handful of parameters (D1 allows
 * at most 100 per statement, so one CASE arm per place would not scale). Negative numbers on the way keep
 * the unique index on (session, position) satisfied at every step.
 */
function closeRanks(state: SessionState, plan: SessionPlan): CompiledQuery[] {
  const remaining = new Set(plan.renumbered.map((r) => r.placeId));
  const removed = state.waitlist
    .filter((w) => !remaining.has(w.placeId))
    .map((w) => w.position)
    .sort((a, b) => a - b);
  if (removed.length === 0) return [];
  const statements: CompiledQuery[] = [];
  removed.forEach((from, index) => {
    const to = removed[index + 1] ?? Number.MAX_SAFE_INTEGER;
    const shift = index + 1;
    statements.push(
      sql`UPDATE session_places SET waitlist_position = -(waitlist_position - ${shift})
          WHERE session_id = ${state.sessionId} AND status = 'waitlisted' AND waitlist_position > ${from} AND waitlist_position < ${to}`.compile(
        compiler,
      ),
    );
  });
  statements.push(
    sql`UPDATE session_places SET waitlist_position = -waitlist_position WHERE session_id = ${state.sessionId} AND status = 'waitlisted' AND waitlist_position < 0`.compile(
      compiler,
    ),
  );
  return statements;
}

export function sessionChangeStatements({ state, plan, cancelledPlaceIds, newPlaceIds }: SessionChange, now: string): CompiledQuery[] {
  const statements: CompiledQuery[] = [
    assertion(sql<boolean>`(SELECT places_version FROM sessions WHERE id = ${state.sessionId}) = ${state.version}`),
  ];
  if (cancelledPlaceIds.length) {
    statements.push(
      compiler
        .updateTable('session_places')
        .set({ status: 'cancelled', waitlist_position: null, cancelled_at: now })
        .where('id', 'in', cancelledPlaceIds)
        .compile(),
    );
  }
  if (plan.promoted.length) {
    statements.push(
      compiler
        .updateTable('session_places')
        .set({ status: 'confirmed', waitlist_position: null, confirmed_at: now })
        .where(
          'id',
          'in',
          plan.promoted.map((p) => p.placeId),
        )
        .compile(),
    );
  }
  statements.push(...closeRanks(state, plan));
  plan.added.forEach((added, index) => {
    statements.push(insertPlace(state.sessionId, newPlaceIds[index] as string, added, added.position, now));
  });
  statements.push(bumpVersion(state.sessionId));
  return statements;
}

type AddedPlace = SessionChange['plan']['added'][number];

/** One new place; `position` is a number, or SQL that computes it when the batch runs. */
function insertPlace(
  sessionId: string,
  id: string,
  added: AddedPlace,
  position: number | null | ReturnType<typeof sql<number>>,
  now: string,
): CompiledQuery {
  return compiler
    .insertInto('session_places')
    .values({
      id,
      session_id: sessionId,
      attendee_id: added.attendeeId,
      status: added.status,
      waitlist_position: position,
      created_at: now,
      confirmed_at: added.status === 'confirmed' ? now : null,
    })
    .compile();
}

/** Every change to a session's places moves its version, so a batch built from an older snapshot is refused. */
function bumpVersion(sessionId: string): CompiledQuery {
  return compiler
    .updateTable('sessions')
    .set((eb) => ({ places_version: eb('places_version', '+', 1) }))
    .where('id', '=', sessionId)
    .compile();
}

/**
 * A new registration's places in one session, decided where they cannot go stale: against the session's
 * counts as they are when the batch runs, not as a snapshot saw them. The plan's statuses are asserted as
 * outcomes (its confirmed places still fit; its waiting places still have to wait), and each waiting
 * place takes the next free position in SQL. Any number of registrations built from one snapshot can then
 * commit one after the other; only one that would cross the moment the session fills up is refused (its
 * plan is then rebuilt). An organiser's promotion (sessionChangeStatements) still asserts the whole snapshot;
 * these statements bump the same version, so such a promotion sees the additions.
 */
export function additionStatements({ state, plan, newPlaceIds }: SessionChange, now: string): CompiledQuery[] {
  const confirmed = plan.added.filter((a) => a.status === 'confirmed').length;
  const waiting = plan.added.length - confirmed;
  const counts = (condition: ReturnType<typeof sql<boolean>>) =>
    assertion(sql<boolean>`(SELECT ${condition} FROM sessions WHERE id = ${state.sessionId})`);
  const statements: CompiledQuery[] = [];
  if (confirmed) statements.push(counts(sql<boolean>`confirmed_count + ${confirmed} <= capacity`));
  if (waiting) statements.push(counts(sql<boolean>`confirmed_count + ${confirmed} >= capacity`));
  plan.added.forEach((added, index) => {
    // The next free position, taken when the batch runs.
    const position =
      added.status === 'waitlisted'
        ? sql<number>`(SELECT coalesce(max(waitlist_position), 0) + 1 FROM session_places
                       WHERE session_id = ${state.sessionId} AND status = 'waitlisted')`
        : null;
    statements.push(insertPlace(state.sessionId, newPlaceIds[index] as string, added, position, now));
  });
  statements.push(bumpVersion(state.sessionId));
  return statements;
}

/**
 * A stand-in for a waiting place's position in an email rendered before the batch decides it: a random
 * 15-digit number, which `fillWaitingPositions` replaces with the position inside the same batch.
 */
export function waitingPositionMarker(): number {
  return 700_000_000_000_000 + Math.floor(Math.random() * 99_999_999_999_999);
}

/** Puts each waiting place's position, as the batch decided it, where its marker stands in the recipient's email. */
export function fillWaitingPositions(eventId: string, to: string, marks: readonly { marker: number; placeId: string }[]): CompiledQuery[] {
  return marks.map(({ marker, placeId }) => {
    const position = sql<string>`(SELECT CAST(waitlist_position AS TEXT) FROM session_places WHERE id = ${placeId})`;
    const text = String(marker);
    return sql`UPDATE outbox SET text = replace(text, ${text}, ${position}), html = replace(html, ${text}, ${position})
               WHERE event_id = ${eventId} AND to_address = ${to} AND instr(text, ${text}) > 0`.compile(compiler);
  });
}

// Changes and cancellations: every place decided by the batch's own SQL from the rows as they are when it runs
// (docs/decisions/0011-changes-decide-places-in-the-batch.md). Nothing here depends on a snapshot, so nothing
// here can go stale or make a batch fail; a concurrent batch simply runs before or after.

/** Who a change's batch is, for the notices it leaves (place_notices.batch_id) and what it promoted. */
export interface PlaceBatch {
  eventId: string;
  batchId: string;
  /** The registration whose change this is: its own contact learns of its promotions from the change's summary. */
  registrationId: string;
  now: string;
}

/**
 * Gives a session's free places to the first in line and closes the ranks behind them, as the rows are when
 * the batch runs. Each promotion is recorded as a 'promoted' notice in the same statement that chooses it, so
 * its email (rendered afterwards from the rows, see place-notices.ts) goes to exactly the person promoted.
 */
export function fillFreePlaces(sessionId: string, batch: PlaceBatch): CompiledQuery[] {
  const { eventId, batchId, registrationId, now } = batch;
  return [
    // A negative LIMIT means none in SQLite: max(0, …) when a session is over capacity (lowered by organisers).
    sql`INSERT INTO place_notices (id, event_id, batch_id, kind, place_id, registration_id, created_at)
        SELECT lower(hex(randomblob(16))), ${eventId}, ${batchId}, 'promoted', p.id, ${registrationId}, ${now}
        FROM session_places p WHERE p.session_id = ${sessionId} AND p.status = 'waitlisted'
        ORDER BY p.waitlist_position
        LIMIT (SELECT max(0, capacity - confirmed_count) FROM sessions WHERE id = ${sessionId})`.compile(compiler),
    sql`UPDATE session_places SET status = 'confirmed', waitlist_position = NULL, confirmed_at = ${now}
        WHERE session_id = ${sessionId} AND status = 'waitlisted'
          AND id IN (SELECT place_id FROM place_notices WHERE batch_id = ${batchId} AND kind = 'promoted')`.compile(compiler),
    ...closeRanksInSql(sessionId),
    bumpVersion(sessionId),
  ];
}

/**
 * Renumbers a session's waiting list 1…n in line order, whatever gaps cancellations and promotions left. The
 * ranks are computed (and sorted, so every row is read) before any row changes; negative numbers on the way keep
 * the unique index on (session, position) satisfied at every step, and rows already in place are not touched.
 */
function closeRanksInSql(sessionId: string): CompiledQuery[] {
  return [
    sql`UPDATE session_places SET waitlist_position = -ranked.rank
        FROM (SELECT id, row_number() OVER (ORDER BY waitlist_position) AS rank
              FROM session_places WHERE session_id = ${sessionId} AND status = 'waitlisted') AS ranked
        WHERE session_places.id = ranked.id AND session_places.waitlist_position <> ranked.rank`.compile(compiler),
    sql`UPDATE session_places SET waitlist_position = -waitlist_position
        WHERE session_id = ${sessionId} AND status = 'waitlisted' AND waitlist_position < 0`.compile(compiler),
  ];
}

/**
 * Releases places: each ends (whatever it was when read: a waiting place may have been promoted meanwhile), and
 * every session that lost one gives its free places to the first in line. The one way places are let go by a
 * change, a cancellation, or anything else that must free them (e.g. a hold that ran out); the caller renders the
 * batch's notices after it commits (`PlaceNoticeMail.deliver`).
 */
export function releasePlaces(placeIds: readonly string[], sessionIds: readonly string[], batch: PlaceBatch): CompiledQuery[] {
  const statements: CompiledQuery[] = [];
  // D1 allows 100 bound parameters a statement.
  for (let i = 0; i < placeIds.length; i += 90) {
    statements.push(
      compiler
        .updateTable('session_places')
        .set({ status: 'cancelled', waitlist_position: null, cancelled_at: batch.now })
        .where('id', 'in', placeIds.slice(i, i + 90))
        .where('status', '<>', 'cancelled')
        .compile(),
    );
  }
  for (const sessionId of new Set(sessionIds)) statements.push(...fillFreePlaces(sessionId, batch));
  return statements;
}

/**
 * One attendee asks for a place in a session, decided when the batch runs: a free place if nobody waits (the
 * session's free places went to the line first, `fillFreePlaces`), else the end of the waiting list.
 */
export function askForPlace(input: { sessionId: string; placeId: string; attendeeId: string }, now: string): CompiledQuery {
  const { sessionId, placeId, attendeeId } = input;
  const free = sql<boolean>`s.confirmed_count < s.capacity AND s.waitlisted_count = 0`;
  return sql`INSERT INTO session_places (id, session_id, attendee_id, status, waitlist_position, created_at, confirmed_at)
      SELECT ${placeId}, s.id, ${attendeeId},
        CASE WHEN ${free} THEN 'confirmed' ELSE 'waitlisted' END,
        CASE WHEN ${free} THEN NULL ELSE (SELECT coalesce(max(w.waitlist_position), 0) + 1 FROM session_places w
                                          WHERE w.session_id = s.id AND w.status = 'waitlisted') END,
        ${now}, CASE WHEN ${free} THEN ${now} END
      FROM sessions s WHERE s.id = ${sessionId}`.compile(compiler);
}

/** True when the batch has reached a state where this place is confirmed (SQL for a message's condition). */
export const placeIsConfirmed = (placeId: string) => sql<boolean>`(SELECT status = 'confirmed' FROM session_places WHERE id = ${placeId})`;

/**
 * True while a confirmed place was made known to its holder: it is confirmed and no promotion of it waits to
 * be told. A place promoted moments ago whose email is not out yet needs no CANCEL (its notice is then dropped).
 */
export const placeIsConfirmedAndKnown = (placeId: string) =>
  sql<boolean>`(${placeIsConfirmed(placeId)} AND NOT EXISTS (SELECT 1 FROM place_notices WHERE place_id = ${placeId} AND kind = 'promoted'))`;
