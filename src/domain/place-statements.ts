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
    statements.push(
      compiler
        .insertInto('session_places')
        .values({
          id: newPlaceIds[index] as string,
          session_id: state.sessionId,
          attendee_id: added.attendeeId,
          status: added.status,
          waitlist_position: added.position,
          created_at: now,
          confirmed_at: added.status === 'confirmed' ? now : null,
        })
        .compile(),
    );
  });
  statements.push(
    compiler
      .updateTable('sessions')
      .set((eb) => ({ places_version: eb('places_version', '+', 1) }))
      .where('id', '=', state.sessionId)
      .compile(),
  );
  return statements;
}
