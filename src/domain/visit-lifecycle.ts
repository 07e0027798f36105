/**
 * A visit follows its company's request. Whatever ends or replaces a request — the company withdraws it, changes
 * its slots so the planned one is no longer acceptable, cancels or erases its registration, or an organiser does
 * so on its behalf — ends or moves the request's live visit in the same atomic batch, with the invites that
 * follow: CANCEL (same UID, next SEQUENCE) to the company contact and every host who had a REQUEST, or an updated
 * REQUEST when a confirmed visit stays but what the invite says (address, topics, message, participants) changed.
 *
 * The statements are built from a snapshot; an assertion in the same batch checks that the request's live
 * visits are still exactly as read (an organiser may confirm or re-staff meanwhile), so the caller's
 * retryOnStaleSnapshot rebuilds them from fresh data instead of sending the wrong invites.
 */
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { Database } from '../../db/schema.ts';
import { type AuditEntry, auditQuery } from './access/audit.ts';
import { assertion } from './batch.ts';
import { loadNextSequences } from './registration-store.ts';
import { type LiveVisit, loadLiveVisits } from './visit-data.ts';
import { cancellationStatements, changeStatements, type VisitMailContext } from './visit-mail.ts';

/** What becomes of a request: replaced by a new one (a change), or ended (the company's interest is gone). */
export interface RequestFate {
  requestId: string;
  /** The request that replaces it, or null when the company no longer wants a visit. */
  replacement: null | {
    requestId: string;
    slotIds: readonly string[];
    topicIds: readonly string[];
    street: string;
    postalCode: string;
    city: string;
    participants: number;
    message: string;
  };
  /** Shown to the hosts and the company in a cancellation (Swedish: hosts read Swedish). */
  reason: string;
  actor: AuditEntry['actor'];
}

/** Why a company's action ended its visit, in the words the hosts read. */
export const companyReasons = {
  withdrawn: 'Företaget har tagit tillbaka sitt önskemål om besök.',
  slotsChanged: 'Företaget kan inte längre ta emot besök vid den här tiden.',
  cancelled: 'Företaget har avbokat sin anmälan.',
} as const;

/** Live (proposed or confirmed) visits of one request, as the invites know them. */
async function liveVisitsOfRequest(db: Kysely<Database>, eventId: string, requestId: string): Promise<LiveVisit[]> {
  const ids = await db.selectFrom('visits').select('id').where('request_id', '=', requestId).where('status', '<>', 'cancelled').execute();
  return ids.length
    ? loadLiveVisits(
        db,
        eventId,
        ids.map((r) => r.id),
      )
    : [];
}

/** The visit is as read: not confirmed, moved, re-staffed or cancelled since. */
export const visitUnchanged = (v: LiveVisit) =>
  assertion(sql<boolean>`EXISTS (SELECT 1 FROM visits WHERE id = ${v.id} AND status = ${v.status} AND updated_at = ${v.updatedAt})`);

/** The request's live visits are exactly those read: none added, none confirmed, moved or re-staffed since. */
function unchangedSince(requestId: string, live: readonly LiveVisit[]): CompiledQuery[] {
  return [
    assertion(sql<boolean>`(SELECT count(*) FROM visits WHERE request_id = ${requestId} AND status <> 'cancelled') = ${live.length}`),
    ...live.map(visitUnchanged),
  ];
}

/** Statements that cancel a live visit: the row, its hosts freed, and CANCEL to all when it was confirmed. */
export function cancelVisitStatements(ctx: VisitMailContext, visit: LiveVisit, sequence: number, reason: string): CompiledQuery[] {
  const stamp = ctx.now.toISOString();
  return [
    compiler
      .updateTable('visits')
      .set({ status: 'cancelled', cancelled_at: stamp, updated_at: stamp, locked: 0 })
      .where('id', '=', visit.id)
      .compile(),
    compiler
      .updateTable('visit_hosts')
      .set({ released_at: stamp })
      .where('visit_id', '=', visit.id)
      .where('released_at', 'is', null)
      .compile(),
    ...(visit.status === 'confirmed' ? cancellationStatements(ctx, visit, sequence, reason) : []),
  ];
}

/**
 * The statements that make a request's live visit follow what became of the request: moved to the replacement
 * when the planned slot is still acceptable (with an updated invite if a confirmed visit's details changed),
 * otherwise cancelled. Always includes the snapshot assertion, even when the request has no visit.
 */
export async function followRequestStatements(db: Kysely<Database>, ctx: VisitMailContext, fate: RequestFate): Promise<CompiledQuery[]> {
  const live = await liveVisitsOfRequest(db, ctx.event.id, fate.requestId);
  const statements = unchangedSince(fate.requestId, live);
  if (live.length === 0) return statements;
  const next = await loadNextSequences(
    db,
    live.map((v) => v.calendarUid),
  );
  const stamp = ctx.now.toISOString();
  const audit = (action: string, visit: LiveVisit, after: unknown) =>
    auditQuery(
      {
        actor: fate.actor,
        action,
        entity: 'visit',
        entityId: visit.id,
        eventId: ctx.event.id,
        before: { requestId: fate.requestId },
        after,
      },
      ctx.now,
    );
  const replacement = fate.replacement;
  for (const visit of live) {
    if (replacement && replacement.slotIds.includes(visit.slotId)) {
      statements.push(
        compiler.updateTable('visits').set({ request_id: replacement.requestId, updated_at: stamp }).where('id', '=', visit.id).compile(),
        audit('visit.follow_request', visit, { requestId: replacement.requestId }),
      );
      if (visit.status === 'confirmed') {
        const after = await withRequestDetails(db, visit, replacement);
        if (inviteDiffers(visit, after)) statements.push(...changeStatements(ctx, visit, after, next(visit.calendarUid)));
      }
    } else {
      const reason = replacement ? companyReasons.slotsChanged : fate.reason;
      statements.push(...cancelVisitStatements(ctx, visit, next(visit.calendarUid), reason), audit('visit.cancel', visit, { reason }));
    }
  }
  return statements;
}

async function withRequestDetails(
  db: Kysely<Database>,
  visit: LiveVisit,
  request: NonNullable<RequestFate['replacement']>,
): Promise<LiveVisit> {
  const topics = request.topicIds.length
    ? await db.selectFrom('topics').select(['name_sv', 'name_en']).where('id', 'in', request.topicIds).orderBy('sort').execute()
    : [];
  return {
    ...visit,
    requestId: request.requestId,
    address: `${request.street}, ${request.postalCode} ${request.city}`,
    participants: request.participants,
    message: request.message,
    topics: topics.map((t) => ({ sv: t.name_sv, en: t.name_en })),
  };
}

/** Whether anything an invite shows differs between two versions of one visit. */
function inviteDiffers(a: LiveVisit, b: LiveVisit): boolean {
  const shown = (v: LiveVisit) => JSON.stringify([v.address, v.participants, v.message, v.topics, v.startsAt, v.endsAt]);
  return shown(a) !== shown(b);
}

/**
 * A host leaves the event: each of their live visits loses them. Those already confirmed send the host a CANCEL and
 * everyone still in it an updated REQUEST (next SEQUENCE); the visit then needs an organiser if the delegation no
 * longer keeps the rules (the board says so and proposes a replacement). The caller deletes the host in the same
 * batch; the assertion makes it retry if the host's visits changed since they were read.
 */
export async function hostRemovalStatements(
  db: Kysely<Database>,
  ctx: VisitMailContext,
  hostId: string,
): Promise<{ statements: CompiledQuery[]; visits: number }> {
  const rows = await db
    .selectFrom('visit_hosts as vh')
    .innerJoin('visits as v', 'v.id', 'vh.visit_id')
    .select('v.id')
    .where('vh.host_id', '=', hostId)
    .where('vh.released_at', 'is', null)
    .where('v.status', '<>', 'cancelled')
    .execute();
  const live = rows.length
    ? await loadLiveVisits(
        db,
        ctx.event.id,
        rows.map((r) => r.id),
      )
    : [];
  const statements = [
    assertion(
      sql<boolean>`(SELECT count(*) FROM visit_hosts vh JOIN visits v ON v.id = vh.visit_id
                    WHERE vh.host_id = ${hostId} AND vh.released_at IS NULL AND v.status <> 'cancelled') = ${live.length}`,
    ),
    ...live.map(visitUnchanged),
  ];
  const next = await loadNextSequences(
    db,
    live.map((v) => v.calendarUid),
  );
  const stamp = ctx.now.toISOString();
  for (const visit of live) {
    statements.push(compiler.updateTable('visits').set({ updated_at: stamp }).where('id', '=', visit.id).compile());
    if (visit.status !== 'confirmed') continue;
    const after = { ...visit, hosts: visit.hosts.filter((h) => h.id !== hostId) };
    statements.push(...changeStatements(ctx, visit, after, next(visit.calendarUid)));
  }
  return { statements, visits: live.length };
}
