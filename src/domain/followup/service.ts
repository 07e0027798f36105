/**
 * The organisers' follow-up of an event (issue 5): registrations with search and filters, changes and
 * cancellations on a company's behalf, the waiting lists, attendee lists, check-in, exports and the outbox.
 * Pages (Astro.locals.services.followup) and the admin API call these same functions. Every change is
 * written with its audit row in one atomic batch.
 */
import type { Deps } from '../../deps.ts';
import { auditQuery } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { fail, type Result } from '../errors.ts';
import { buildExportFile, type ExportFormat, type ExportKind } from '../exports.ts';
import type { Lang } from '../field-errors.ts';
import type { RegistrationChange } from '../registration-input.ts';
import type { StoredRegistration } from '../registration-store.ts';
import { createRegistrationService, type RegistrationView } from '../registrations.ts';
import { type AuditLogQuery, auditLogInWords } from './audit-log.ts';
import { getMessage, listOutbox, retryMessage } from './outbox.ts';
import { checkInCounts, promoteWaitlisted, searchPeople, sessionLists, setCheckedIn } from './places.ts';
import type { OutboxQuery, PromoteInput, RegistrationListQuery } from './queries.ts';
import { listRegistrations, registrationDetail } from './registrations.ts';
import { loadViewpoints, type ViewpointQuery, viewpointFilterOptions } from './viewpoints.ts';

/** What the audit log keeps of a registration before a change: enough to see what changed, no secrets. */
const auditSnapshot = (stored: StoredRegistration) => ({
  status: stored.status,
  contact: stored.contact,
  company: { name: stored.company.name, industry: stored.company.industry },
  attendees: stored.attendees.map((a) => ({
    name: a.name,
    email: a.email,
    places: a.places.map((p) => ({ sessionId: p.sessionId, status: p.status, position: p.position })),
  })),
  visitRequested: stored.visitRequest !== null,
});

export function createFollowupService(deps: Deps) {
  const { db } = deps;
  const registrations = createRegistrationService(deps);

  async function inEvent(eventId: string, registrationId: string): Promise<boolean> {
    const row = await db
      .selectFrom('registrations')
      .select('event_id')
      .where('id', '=', registrationId)
      .where('status', '<>', 'erased')
      .executeTakeFirst();
    return row?.event_id === eventId;
  }

  return {
    registrations: {
      list: (eventId: string, query: RegistrationListQuery) => listRegistrations(db, eventId, query),
      async detail(eventId: string, id: string) {
        if (!(await inEvent(eventId, id))) return undefined;
        const view = await registrations.getById(id);
        return view ? registrationDetail(db, view, eventId) : undefined;
      },
      /** A change on the company's behalf: the public side's rules and emails, plus an audit row in the same batch. */
      async change(actor: Actor, eventId: string, id: string, input: RegistrationChange, lang: Lang): Promise<Result<RegistrationView>> {
        if (!(await inEvent(eventId, id))) return fail('not_found');
        return registrations.changeById(id, input, lang, {
          actor,
          extra: (before, now) => [
            auditQuery(
              { actor, action: 'update', entity: 'registration', entityId: id, eventId, before: auditSnapshot(before), after: input },
              now,
            ),
          ],
        });
      },
      /** A cancellation on the company's behalf: places released, the next in line promoted, everyone told. */
      async cancel(actor: Actor, eventId: string, id: string): Promise<Result<RegistrationView>> {
        if (!(await inEvent(eventId, id))) return fail('not_found');
        return registrations.cancelById(id, {
          actor,
          extra: (before, now) => [
            auditQuery(
              {
                actor,
                action: 'cancel',
                entity: 'registration',
                entityId: id,
                eventId,
                before: auditSnapshot(before),
                after: { status: 'cancelled' },
              },
              now,
            ),
          ],
        });
      },
      /** Moves a chosen attendee of this registration off a waiting list (over capacity only by raising it). */
      promote: (actor: Actor, eventId: string, registrationId: string, input: PromoteInput) =>
        promoteWaitlisted(deps, actor, eventId, input, registrationId),
    },
    attendees: {
      bySession: (eventId: string, sessionId?: string) => sessionLists(db, eventId, sessionId),
      search: (eventId: string, q: string) => searchPeople(db, eventId, q),
      counts: (eventId: string) => checkInCounts(db, eventId),
      setCheckedIn: (actor: Actor, eventId: string, attendeeId: string, checkedIn: boolean) =>
        setCheckedIn(deps, actor, eventId, attendeeId, checkedIn),
    },
    exports: {
      build: (eventId: string, kind: ExportKind, format: ExportFormat, filter?: ViewpointQuery) =>
        buildExportFile(db, eventId, kind, format, filter),
    },
    /** The event's audit log in words, filtered and paged (the raw rows stay with services.access.audit). */
    auditLog: (eventId: string, query: AuditLogQuery) => auditLogInWords(db, eventId, query),
    viewpoints: {
      report: (eventId: string, filter: ViewpointQuery) => loadViewpoints(db, eventId, filter),
      filterOptions: (eventId: string) => viewpointFilterOptions(db, eventId),
    },
    outbox: {
      list: (eventId: string, query: OutboxQuery) => listOutbox(db, eventId, query),
      get: (eventId: string, id: string) => getMessage(db, eventId, id),
      retry: (actor: Actor, id: string, eventId?: string) => retryMessage(deps, actor, id, eventId),
    },
  };
}

export type FollowupService = ReturnType<typeof createFollowupService>;
