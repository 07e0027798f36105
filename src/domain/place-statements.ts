/**
 * Turns one session's waiting-list plan into statements for an atomic batch. The first statement asserts
 * the session's places are as the snapshot saw them (places_version), the last bumps the version, so two
 * changes built from the same snapshot can never both commit.
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
 * plan is then rebuilt). A change that also cancels or promotes (sessionChangeStatements) still asserts
 * the whole snapshot; these statements bump the same version, so such a change sees the additions.
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
