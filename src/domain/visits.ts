/**
 * Company visits, from proposal to confirmation and later changes. The engine proposes (nothing saved);
 * organisers accept a proposal (visits become *proposed*), adjust by hand (checked against every rule,
 * with a logged override for all but double-booking, which the database itself forbids), lock, and
 * confirm (invites go out). Every write is one atomic batch with its invites.
 */
import { type CompiledQuery, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { Deps } from '../deps.ts';
import { checkPlan, type MatchingInput, type Plan, type PlannedVisit, type PlanViolation } from '../matching/index.ts';
import { type AuditEntry, auditQuery } from './access/audit.ts';
import { actorLabel } from './access/policy.ts';
import { assertion, isAssertionFailure, isUniqueViolation } from './batch.ts';
import { fail, ok, type Result } from './errors.ts';
import { hostSchedules } from './host-schedules.ts';
import { newId } from './ids.ts';
import { createManageLinks } from './manage-links.ts';
import { changeState, draftChanges, loadDraft, type PlanDraft, storeDraft } from './plan-drafts.ts';
import { loadNextSequences } from './registration-store.ts';
import { loadBoard } from './visit-board.ts';
import { hostRole, type LiveVisit, loadLiveVisits, loadMatchingInput, type VisitOverride } from './visit-data.ts';
import { cancelVisitStatements, visitUnchanged } from './visit-lifecycle.ts';
import { changeStatements, confirmationStatements, type VisitMailContext } from './visit-mail.ts';
import { loadRequestZone, type RequestRef, setRequestZone } from './visit-request-zone.ts';

/** Who made a change, for the audit log: an organiser, or a label such as `system`. */
export type Actor = AuditEntry['actor'];

const system: Actor = { label: 'system' };

const audit = (eventId: string, actor: Actor, action: string, entityId: string, before: unknown, after: unknown, now: Date) =>
  auditQuery({ actor, action, entity: 'visit', entityId, eventId, before, after }, now);

const planned = (v: LiveVisit): PlannedVisit => ({ requestId: v.requestId, slotId: v.slotId, hostIds: v.hosts.map((h) => h.id) });
const sameHosts = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

function hostStatements(visitId: string, slotId: string, hostIds: readonly string[]): CompiledQuery[] {
  return hostIds.map((hostId) =>
    compiler.insertInto('visit_hosts').values({ visit_id: visitId, host_id: hostId, slot_id: slotId }).compile(),
  );
}

/**
 * The company still wants the visit: its request is active and its registration too. Every batch that creates or
 * confirms a visit carries it, so a withdrawal that lands between the organiser's read and write wins.
 */
const requestStillWanted = (requestId: string) =>
  assertion(
    sql<boolean>`EXISTS (SELECT 1 FROM visit_requests q JOIN registrations r ON r.id = q.registration_id
                         WHERE q.id = ${requestId} AND q.status = 'active' AND r.status = 'active')`,
  );

/** What is stored of a kept breach (see VisitOverride): null when the visit keeps every rule. */
function overrideJson(violations: readonly PlanViolation[], actor: Actor, stamp: string): string | null {
  if (violations.length === 0) return null;
  const by = 'eventIds' in actor ? actorLabel(actor) : actor.label;
  const rules = violations.map(breachOf);
  return JSON.stringify({ rules, by, at: stamp } satisfies VisitOverride);
}

/** A new proposed visit with its delegation; its calendar UID is fixed for the visit's whole life. */
function newVisitStatements(
  id: string,
  eventId: string,
  visit: PlannedVisit,
  stamp: string,
  override: string | null = null,
): CompiledQuery[] {
  return [
    requestStillWanted(visit.requestId),
    compiler
      .insertInto('visits')
      .values({
        id,
        event_id: eventId,
        request_id: visit.requestId,
        slot_id: visit.slotId,
        calendar_uid: `visit-${id}@motesdagen`,
        created_at: stamp,
        updated_at: stamp,
        override_json: override,
      })
      .compile(),
    ...hostStatements(id, visit.slotId, visit.hostIds),
  ];
}

/**
 * The rules one visit would break beside all the others: checked like a whole plan, then narrowed to
 * breaches that involve this visit's request or one of its hosts.
 */
function breaches(input: MatchingInput, others: readonly PlannedVisit[], visit: PlannedVisit): PlanViolation[] {
  return checkPlan({ ...input, locked: [] }, [...others, visit]).filter(
    (v) => v.requestId === visit.requestId || (v.hostId !== undefined && visit.hostIds.includes(v.hostId)),
  );
}

/** A breach is refused unless overridden; double-booking and unknown ids always are (the data forbids them). */
const refused = (violations: readonly PlanViolation[], override = false) =>
  violations.some((v) => v.code === 'host_double_booked' || v.code.startsWith('unknown_')) || (violations.length > 0 && !override);

/** A violation as the API and the pages carry it: the code with its ids and parameters, for words in any language. */
const breachOf = (v: PlanViolation) => ({
  code: v.code,
  ...(v.hostId ? { hostId: v.hostId } : {}),
  ...(v.requestId ? { requestId: v.requestId } : {}),
  ...(v.slotId ? { slotId: v.slotId } : {}),
  params: v.params,
  message: v.message,
});

function violationErrors(violations: PlanViolation[]) {
  return violations.map((v) => ({ path: v.hostId ? 'hostIds' : v.slotId ? 'slotId' : '(visit)', ...breachOf(v) }));
}

export function createVisitService(deps: Deps) {
  const { db, batch, clock, config, planner } = deps;

  const eventBySlug = (slug: string) => db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst();
  const mailContext = (event: NonNullable<Awaited<ReturnType<typeof eventBySlug>>>): VisitMailContext => ({
    event,
    now: clock.now(),
    publicUrl: config.publicUrl,
  });

  const nextSequences = (visits: LiveVisit[]) =>
    loadNextSequences(
      db,
      visits.map((v) => v.calendarUid),
    );

  /**
   * Saves a set of planning changes as one batch: `withdraw` (proposed visits, unchanged since read) are cancelled
   * without mail, `insert` become proposed visits. Every hard rule is checked first on `judged` beside the visits
   * that stay; a breach the staying visits have among themselves (an organiser may have kept one on purpose) is
   * no reason to refuse. Someone planning, booking or withdrawing meanwhile makes the batch refuse as a whole.
   */
  async function savePlanChanges(
    event: NonNullable<Awaited<ReturnType<typeof eventBySlug>>>,
    input: MatchingInput,
    liveVisits: readonly LiveVisit[],
    change: { judged: readonly PlannedVisit[]; withdraw: readonly LiveVisit[]; insert: readonly PlannedVisit[] },
    actor: Actor,
    auditAfter: unknown,
  ): Promise<Result<true>> {
    const gone = new Set(change.withdraw.map((v) => v.id));
    const judgedRequests = new Set(change.judged.map((v) => v.requestId));
    const judgedHosts = new Set(change.judged.flatMap((v) => v.hostIds));
    const staying = liveVisits.filter((v) => !gone.has(v.id) && !judgedRequests.has(v.requestId)).map(planned);
    const breachKey = (v: PlanViolation) => `${v.code}|${v.requestId ?? ''}|${v.hostId ?? ''}|${v.slotId ?? ''}`;
    const stayingAlone = new Set(checkPlan({ ...input, locked: [] }, staying).map(breachKey));
    const violations = checkPlan({ ...input, locked: [] }, [...staying, ...change.judged]).filter(
      (v) =>
        !stayingAlone.has(breachKey(v)) &&
        ((v.requestId !== undefined && judgedRequests.has(v.requestId)) || (v.hostId !== undefined && judgedHosts.has(v.hostId))),
    );
    if (violations.length) return fail('visit_conflict', 'the plan breaks planning rules', violationErrors(violations));

    const now = clock.now();
    const stamp = now.toISOString();
    const statements: CompiledQuery[] = [];
    // Withdraw first, so the hosts are free for the new proposals. Proposals only: nobody was told, so nothing is
    // sent; if one was confirmed or changed meanwhile, the assertion stops all.
    for (const visit of change.withdraw)
      statements.push(visitUnchanged(visit), ...cancelVisitStatements({ event, now, publicUrl: config.publicUrl }, visit, 0, ''));
    for (const visit of change.insert) statements.push(...newVisitStatements(newId(), event.id, visit, stamp));
    statements.push(audit(event.id, actor, 'plan.accept', event.id, { proposed: liveVisits.length }, auditAfter, now));
    try {
      await batch.run(statements);
    } catch (error) {
      // Someone else planned or booked a host at the same moment, or a company withdrew: the data stayed right.
      if (isUniqueViolation(error) || isAssertionFailure(error)) return fail('visit_conflict', 'the plan changed meanwhile; plan again');
      throw error;
    }
    return ok(true);
  }

  const service = {
    /** Runs the engine on everything not confirmed or locked; returns the proposal without saving it. */
    async propose(slug: string, options: { timeBudgetMs?: number; iterations?: number; seed?: number } = {}): Promise<Result<Plan>> {
      const event = await eventBySlug(slug);
      if (!event) return fail('event_not_found');
      const { input } = await loadMatchingInput(db, event);
      // An iteration cap alone gives the same proposal whatever the machine's load (tests use it); otherwise 5 s.
      const timeBudgetMs = options.timeBudgetMs ?? (options.iterations === undefined ? 5_000 : undefined);
      return ok(await planner({ ...input, timeBudgetMs, iterations: options.iterations, seed: options.seed ?? 1 }));
    },

    /**
     * Each host's day schedule with the trip before every visit (`hostId` for one host, even without visits);
     * confirmed visits only unless `includeProposed`.
     */
    async daySchedules(slug: string, options: { hostId?: string | null; includeProposed?: boolean } = {}) {
      const board = await loadBoard(db, planner, slug, { reasons: false });
      const event = board && (await eventBySlug(slug));
      if (!board || !event) return undefined;
      const hosts = board.hosts.filter((h) => !options.hostId || h.id === options.hostId);
      const visits = board.visits.filter((v) => options.includeProposed || v.status === 'confirmed');
      const schedules = await hostSchedules(db, event.id, hosts, visits);
      return { board, schedules: schedules.filter((s) => options.hostId || s.entries.length > 0) };
    },

    /** The planning board: hosts × slots, visits, and unplaced requests with their reasons. */
    board: (slug: string, options?: { reasons?: boolean }) => loadBoard(db, planner, slug, options),

    /** An active request's zone (where the visit takes place) and the event's zones it may be set to. */
    requestZone: (eventId: string, ref: RequestRef) => loadRequestZone(db, eventId, ref),

    /** Sets or clears an active request's zone (travel time in planning); refused for a zone of another event; logged. */
    setRequestZone: (eventId: string, ref: RequestRef, zoneId: string | null, actor: Actor = system, lang: 'sv' | 'en' = 'sv') =>
      setRequestZone(deps, { eventId, ref, zoneId, actor, lang }),

    /** The slots a request accepts. */
    requestSlots: async (requestId: string) =>
      (await db.selectFrom('visit_request_slots').select('slot_id').where('request_id', '=', requestId).execute()).map((r) => r.slot_id),

    async list(slug: string) {
      const event = await eventBySlug(slug);
      return event ? loadLiveVisits(db, event.id) : undefined;
    },

    /**
     * Saves a proposal: its visits become *proposed*. Confirmed and locked visits stay; proposed visits the
     * new plan drops or moves are cancelled (no one was told about them). Every hard rule is checked first.
     */
    async accept(
      slug: string,
      visits: PlannedVisit[],
      actor: Actor = system,
    ): Promise<Result<{ proposed: number; kept: number; withdrawn: number }>> {
      const event = await eventBySlug(slug);
      if (!event) return fail('event_not_found');
      const { input, liveVisits } = await loadMatchingInput(db, event);
      const fixedRequests = new Set(liveVisits.filter((v) => v.status === 'confirmed' || v.locked).map((v) => v.requestId));
      const wanted = visits.filter((v) => !fixedRequests.has(v.requestId));
      const byRequest = new Map(liveVisits.filter((v) => v.status === 'proposed' && !v.locked).map((v) => [v.requestId, v]));
      let kept = 0;
      const toInsert: PlannedVisit[] = [];
      for (const visit of wanted) {
        const current = byRequest.get(visit.requestId);
        if (
          current &&
          current.slotId === visit.slotId &&
          sameHosts(
            current.hosts.map((h) => h.id),
            visit.hostIds,
          )
        ) {
          byRequest.delete(visit.requestId);
          kept++;
        } else toInsert.push(visit);
      }
      // What is left in byRequest is dropped or moved by the new plan.
      const withdrawn = [...byRequest.values()];
      const saved = await savePlanChanges(event, input, liveVisits, { judged: wanted, withdraw: withdrawn, insert: toInsert }, actor, {
        proposed: kept + toInsert.length,
        withdrawn: withdrawn.length,
      });
      return saved.ok ? ok({ proposed: toInsert.length, kept, withdrawn: withdrawn.length }) : saved;
    },

    /**
     * Runs the engine like `propose` and keeps its answer as a draft for review on the board: each change
     * against the saved visit it starts from. Nothing on the board changes.
     */
    async draft(
      slug: string,
      actor: Actor = system,
      options: { timeBudgetMs?: number; iterations?: number; seed?: number } = {},
    ): Promise<Result<PlanDraft>> {
      const event = await eventBySlug(slug);
      if (!event) return fail('event_not_found');
      const { input, liveVisits } = await loadMatchingInput(db, event);
      const timeBudgetMs = options.timeBudgetMs ?? (options.iterations === undefined ? 5_000 : undefined);
      const plan = await planner({ ...input, timeBudgetMs, iterations: options.iterations, seed: options.seed ?? 1 });
      const draft: PlanDraft = {
        id: newId(),
        eventId: event.id,
        createdBy: 'eventIds' in actor ? actorLabel(actor) : actor.label,
        createdAt: clock.now().toISOString(),
        plan,
        changes: draftChanges(plan, liveVisits),
      };
      await storeDraft(db, draft);
      return ok(draft);
    },

    /** A kept proposal with where each of its changes stands now against the saved visits. */
    async draftReview(slug: string, draftId: string) {
      const event = await eventBySlug(slug);
      const draft = event ? await loadDraft(db, event.id, draftId) : undefined;
      if (!event || !draft) return undefined;
      const liveVisits = await loadLiveVisits(db, event.id);
      return { ...draft, states: new Map(draft.changes.map((c) => [c.requestId, changeState(c, liveVisits)])) };
    },

    /**
     * Accepts changes of a kept proposal (the given requests', or every one still pending) through the same path
     * as saving a plan: visits become proposed, what they replace is withdrawn, one batch with its audit row.
     * Refused, with nothing saved, when a chosen change is stale (its saved visit changed since the proposal was
     * made: `errors` names each request) or breaks a rule beside what is saved now.
     */
    async acceptDraft(
      slug: string,
      draftId: string,
      requestIds: readonly string[] | undefined,
      actor: Actor = system,
    ): Promise<Result<{ accepted: number }>> {
      const event = await eventBySlug(slug);
      const draft = event ? await loadDraft(db, event.id, draftId) : undefined;
      if (!event || !draft) return fail('not_found');
      const { input, liveVisits } = await loadMatchingInput(db, event);
      const chosen = draft.changes.filter((c) => c.kind !== 'unchanged' && (!requestIds || requestIds.includes(c.requestId)));
      const stale = chosen.filter((c) => changeState(c, liveVisits) === 'stale');
      if (stale.length)
        return fail(
          'visit_conflict',
          'the saved visits changed since the proposal was made; plan again',
          stale.map((c) => ({ path: `changes.${c.requestId}`, code: 'stale', message: 'the saved visit changed since the proposal' })),
        );
      const pending = chosen.filter((c) => changeState(c, liveVisits) === 'pending');
      if (pending.length === 0) return ok({ accepted: 0 });
      const withdraw = pending.flatMap((c) => liveVisits.filter((v) => c.before && v.id === c.before.visitId));
      const insert = pending.flatMap((c) => (c.after ? [c.after] : []));
      // A new visit asserts the request still has none: the unique index on live visits per request does too.
      const saved = await savePlanChanges(event, input, liveVisits, { judged: insert, withdraw, insert }, actor, {
        draftId,
        accepted: pending.map((c) => ({ requestId: c.requestId, kind: c.kind })),
      });
      return saved.ok ? ok({ accepted: pending.length }) : saved;
    },

    /**
     * Places an unplaced request by hand as a proposed visit, checked like a change (override for all
     * but double-booking, logged).
     */
    async place(
      slug: string,
      visit: PlannedVisit,
      options: { override?: boolean; actor?: Actor } = {},
    ): Promise<Result<{ visitId: string; violations: PlanViolation[] }>> {
      const event = await eventBySlug(slug);
      if (!event) return fail('event_not_found');
      const { input, liveVisits } = await loadMatchingInput(db, event);
      if (!input.requests.some((r) => r.id === visit.requestId)) return fail('not_found');
      if (liveVisits.some((v) => v.requestId === visit.requestId)) return fail('visit_conflict', 'the request already has a visit');
      const violations = breaches(input, liveVisits.map(planned), visit);
      if (refused(violations, options.override)) return fail('visit_conflict', undefined, violationErrors(violations));
      const now = clock.now();
      const stamp = now.toISOString();
      const id = newId();
      try {
        await batch.run([
          ...newVisitStatements(id, event.id, visit, stamp, overrideJson(violations, options.actor ?? system, stamp)),
          audit(
            event.id,
            options.actor ?? system,
            violations.length ? 'visit.place.override' : 'visit.place',
            id,
            undefined,
            { ...visit, violations: violations.map((v) => v.code) },
            now,
          ),
        ]);
      } catch (error) {
        if (isUniqueViolation(error))
          return fail('visit_conflict', 'a host is already booked in that slot, or the request was placed meanwhile');
        if (isAssertionFailure(error)) return fail('visit_conflict', 'the company withdrew its request meanwhile');
        throw error;
      }
      return ok({ visitId: id, violations });
    },

    /** Confirms proposed visits (all, or the given ones) and sends their invites. */
    async confirm(slug: string, visitIds?: string[], actor: Actor = system): Promise<Result<{ confirmed: number }>> {
      const event = await eventBySlug(slug);
      if (!event) return fail('event_not_found');
      const visits = (await loadLiveVisits(db, event.id, visitIds)).filter((v) => v.status === 'proposed');
      if (visits.length === 0) return ok({ confirmed: 0 });
      const ctx = mailContext(event);
      const stamp = ctx.now.toISOString();
      const next = await nextSequences(visits);
      const links = createManageLinks(config);
      const manageUrls = await Promise.all(
        visits.map((v) =>
          links.emailUrlOf({ id: v.company.registrationId, generation: v.company.manageTokenGeneration, language: v.company.language }),
        ),
      );
      const statements: CompiledQuery[] = [];
      for (const [index, visit] of visits.entries()) {
        statements.push(
          compiler
            .updateTable('visits')
            .set({ status: 'confirmed', confirmed_at: stamp, updated_at: stamp })
            .where('id', '=', visit.id)
            .where('status', '=', 'proposed')
            .compile(),
          requestStillWanted(visit.requestId),
          ...confirmationStatements(ctx, { ...visit, status: 'confirmed' }, next(visit.calendarUid), manageUrls[index] as string),
          audit(event.id, actor, 'visit.confirm', visit.id, { status: 'proposed' }, { status: 'confirmed' }, ctx.now),
        );
      }
      try {
        await batch.run(statements);
      } catch (error) {
        if (isAssertionFailure(error)) return fail('visit_conflict', 'a company withdrew its request meanwhile; look at the board again');
        throw error;
      }
      return ok({ confirmed: visits.length });
    },

    /**
     * Moves a visit or changes its delegation. Rules are checked against every other visit: a breach is
     * refused, unless `override` (then logged) — except double-booking, which is always refused.
     */
    async change(
      visitId: string,
      change: { slotId?: string; hostIds?: string[] },
      options: { override?: boolean; actor?: Actor; eventId?: string } = {},
    ): Promise<Result<{ violations: PlanViolation[] }>> {
      const row = await db
        .selectFrom('visits')
        .select(['event_id'])
        .where('id', '=', visitId)
        .where('status', '<>', 'cancelled')
        .executeTakeFirst();
      if (!row || (options.eventId && row.event_id !== options.eventId)) return fail('not_found');
      const event = await db.selectFrom('events').selectAll().where('id', '=', row.event_id).executeTakeFirstOrThrow();
      const { input, liveVisits } = await loadMatchingInput(db, event);
      const before = liveVisits.find((v) => v.id === visitId);
      if (!before) return fail('not_found');
      const slotId = change.slotId ?? before.slotId;
      const hostIds = change.hostIds ?? before.hosts.map((h) => h.id);
      const candidate = { requestId: before.requestId, slotId, hostIds };
      const others = liveVisits.filter((v) => v.id !== visitId).map(planned);
      const violations = breaches(input, others, candidate);
      if (refused(violations, options.override)) return fail('visit_conflict', undefined, violationErrors(violations));

      const now = clock.now();
      const stamp = now.toISOString();
      const keptHosts = before.hosts.filter((h) => hostIds.includes(h.id)).map((h) => h.id);
      const addedHosts = hostIds.filter((id) => !keptHosts.includes(id));
      const statements: CompiledQuery[] = [
        compiler
          .updateTable('visits')
          .set({ slot_id: slotId, updated_at: stamp, override_json: overrideJson(violations, options.actor ?? system, stamp) })
          .where('id', '=', visitId)
          .compile(),
        // Release everyone, then seat the delegation in the (possibly new) slot: the unique index on
        // (host, slot) then sees each host once.
        compiler
          .updateTable('visit_hosts')
          .set({ released_at: stamp })
          .where('visit_id', '=', visitId)
          .where('released_at', 'is', null)
          .compile(),
        compiler.deleteFrom('visit_hosts').where('visit_id', '=', visitId).where('host_id', 'in', hostIds).compile(),
        ...hostStatements(visitId, slotId, [...keptHosts, ...addedHosts]),
        audit(
          event.id,
          options.actor ?? system,
          violations.length ? 'visit.change.override' : 'visit.change',
          visitId,
          planned(before),
          { ...candidate, violations: violations.map((v) => v.code) },
          now,
        ),
      ];
      if (before.status === 'confirmed') {
        const after = await loadHypothetical(before, slotId, hostIds);
        const next = await nextSequences([before]);
        statements.push(...changeStatements({ event, now, publicUrl: config.publicUrl }, before, after, next(before.calendarUid)));
      }
      try {
        await batch.run(statements);
      } catch (error) {
        if (isUniqueViolation(error)) return fail('visit_conflict', 'a host is already booked in that slot');
        throw error;
      }
      return ok({ violations });

      async function loadHypothetical(visit: LiveVisit, newSlotId: string, newHostIds: string[]): Promise<LiveVisit> {
        const [slot, hosts] = await Promise.all([
          db.selectFrom('visit_slots').select(['starts_at', 'ends_at']).where('id', '=', newSlotId).executeTakeFirstOrThrow(),
          db
            .selectFrom('hosts')
            .select(['id', 'name', 'email', 'kind', 'party', 'roles', 'title', 'department'])
            .where('id', 'in', newHostIds)
            .execute(),
        ]);
        return {
          ...visit,
          slotId: newSlotId,
          startsAt: slot.starts_at,
          endsAt: slot.ends_at,
          hosts: hosts.map((h) => ({ id: h.id, name: h.name, email: h.email, kind: h.kind, role: hostRole(h) })),
        };
      }
    },

    /** Cancels a visit; a confirmed one sends CANCEL to the company and every host. */
    async cancel(
      visitId: string,
      reason = '',
      actor: Actor = system,
      eventId?: string,
    ): Promise<Result<{ cancelled: true; notified: boolean }>> {
      const row = await db
        .selectFrom('visits')
        .select(['event_id'])
        .where('id', '=', visitId)
        .where('status', '<>', 'cancelled')
        .executeTakeFirst();
      if (!row || (eventId && row.event_id !== eventId)) return fail('not_found');
      const event = await db.selectFrom('events').selectAll().where('id', '=', row.event_id).executeTakeFirstOrThrow();
      const [visit] = await loadLiveVisits(db, event.id, [visitId]);
      if (!visit) return fail('not_found');
      const now = clock.now();
      const next = await nextSequences([visit]);
      await batch.run([
        ...cancelVisitStatements({ event, now, publicUrl: config.publicUrl }, visit, next(visit.calendarUid), reason),
        audit(event.id, actor, 'visit.cancel', visitId, planned(visit), { reason }, now),
      ]);
      // Only a confirmed visit was in anyone's calendar: only then do the company and the hosts get a cancellation.
      return ok({ cancelled: true, notified: visit.status === 'confirmed' });
    },

    /** Locks or unlocks a visit: automatic planning never moves a locked visit. */
    async setLocked(visitId: string, locked: boolean, actor: Actor = system, eventId?: string): Promise<Result<{ locked: boolean }>> {
      const row = await db
        .selectFrom('visits')
        .select(['event_id', 'locked'])
        .where('id', '=', visitId)
        .where('status', '<>', 'cancelled')
        .executeTakeFirst();
      if (!row || (eventId && row.event_id !== eventId)) return fail('not_found');
      const now = clock.now();
      await batch.run([
        compiler
          .updateTable('visits')
          .set({ locked: locked ? 1 : 0, updated_at: now.toISOString() })
          .where('id', '=', visitId)
          .compile(),
        audit(row.event_id, actor, locked ? 'visit.lock' : 'visit.unlock', visitId, { locked: row.locked === 1 }, { locked }, now),
      ]);
      return ok({ locked });
    },

    /**
     * A delegation that would put a visit back within the rules in its own slot (the company and the others keep
     * their time): the engine plans this one request with every other visit held as it is. Undefined when none fits.
     */
    async suggestReplacement(slug: string, visitId: string): Promise<PlannedVisit | undefined> {
      const event = await eventBySlug(slug);
      if (!event) return undefined;
      const { input, liveVisits } = await loadMatchingInput(db, event);
      const visit = liveVisits.find((v) => v.id === visitId);
      const request = input.requests.find((r) => r.id === visit?.requestId);
      if (!visit || !request) return undefined;
      const others = liveVisits.filter((v) => v.id !== visitId).map(planned);
      // Only the requests of the other visits (held as they are) and this one, in its own slot: nobody in the queue
      // competes for the hosts, and every other visit keeps its hosts busy.
      const held = new Set(others.map((v) => v.requestId));
      const plan = await planner({
        ...input,
        requests: [...input.requests.filter((r) => held.has(r.id)), { ...request, slotIds: [visit.slotId] }],
        locked: others,
        previous: [...others, planned(visit)],
        iterations: 2_000,
        timeBudgetMs: 2_000,
      });
      return plan.visits.find((v) => v.requestId === visit.requestId);
    },

    /**
     * Serves the queue for visits: every request that can be placed now (hosts freed by a cancellation, a
     * withdrawal, a new host or new availability), in queue order, is placed as the engine suggests and
     * confirmed at once, so the company and the hosts get their invites. `requestIds` limits it to those.
     */
    async serveQueue(slug: string, requestIds?: readonly string[], actor: Actor = system): Promise<Result<{ confirmed: number }>> {
      const board = await loadBoard(db, planner, slug);
      if (!board) return fail('event_not_found');
      let confirmed = 0;
      for (const request of board.unplaced) {
        if (request.reason !== 'placeable' || !request.suggestion) continue;
        if (requestIds && !requestIds.includes(request.id)) continue;
        const placed = await service.place(slug, request.suggestion, { actor });
        // Someone planned or booked meanwhile: what is placed stays placed; the board shows the rest again.
        if (!placed.ok) break;
        const result = await service.confirm(slug, [placed.value.visitId], actor);
        if (result.ok) confirmed += result.value.confirmed;
      }
      return ok({ confirmed });
    },

    /**
     * The scheduled job for events that serve their queue automatically: for each such event that has not ended,
     * serve its queue. Safe to run twice at once: a second run finds the hosts booked and the batch refuses.
     */
    async serveQueuesAutomatically(): Promise<number> {
      const events = await db
        .selectFrom('events')
        .select('slug')
        .where('serve_visit_queue', '=', 1)
        .where('status', 'in', ['published', 'closed'])
        .where('ends_at', '>', clock.now().toISOString())
        .execute();
      let confirmed = 0;
      for (const { slug } of events) {
        const result = await service.serveQueue(slug, undefined, system);
        if (result.ok) confirmed += result.value.confirmed;
      }
      return confirmed;
    },
  };
  return service;
}

export type VisitService = ReturnType<typeof createVisitService>;
