/**
 * The zone of a visit request: the area of the municipality where the visit takes place, which the
 * planner uses for travel time between a host's visits. Companies may give it when they register
 * (src/domain/registrations.ts); organisers set or change it here, with an audit row in the same batch.
 */
import { type Kysely, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { Database } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { type AuditEntry, auditQuery } from './access/audit.ts';
import { assertion, isAssertionFailure } from './batch.ts';
import { fail, ok, type Result } from './errors.ts';
import { eventZones, type Zone } from './events.ts';
import { fieldError, type Lang } from './field-errors.ts';

export interface RequestZone {
  requestId: string;
  registrationId: string;
  zoneId: string | null;
  /** The event's zones by name: what the zone may be set to. */
  zones: Zone[];
}

/** Which request: by its id, or the active request of a registration. */
export type RequestRef = { requestId: string } | { registrationId: string };

/** The active visit request of the event, with its zone and the zones it may have; undefined if there is none. */
export async function loadRequestZone(db: Kysely<Database>, eventId: string, ref: RequestRef): Promise<RequestZone | undefined> {
  const [request, zones] = await Promise.all([
    db
      .selectFrom('visit_requests as q')
      .innerJoin('registrations as r', 'r.id', 'q.registration_id')
      .select(['q.id', 'q.registration_id', 'q.zone_id'])
      .where('q.event_id', '=', eventId)
      .where('q.status', '=', 'active')
      .where('r.status', '=', 'active')
      .$if('requestId' in ref, (q) => q.where('q.id', '=', (ref as { requestId: string }).requestId))
      .$if('registrationId' in ref, (q) => q.where('q.registration_id', '=', (ref as { registrationId: string }).registrationId))
      .executeTakeFirst(),
    eventZones(db, eventId),
  ]);
  if (!request) return undefined;
  return { requestId: request.id, registrationId: request.registration_id, zoneId: request.zone_id, zones };
}

/**
 * Sets (or with null clears) the zone of an active visit request. A zone of another event or an unknown
 * id is refused with a field error on `zoneId`; the change and its audit row are one atomic batch.
 */
export async function setRequestZone(
  deps: Pick<Deps, 'db' | 'batch' | 'clock'>,
  input: { eventId: string; ref: RequestRef; zoneId: string | null; actor: AuditEntry['actor']; lang?: Lang },
): Promise<Result<{ requestId: string; zoneId: string | null }>> {
  const { db, batch, clock } = deps;
  const current = await loadRequestZone(db, input.eventId, input.ref);
  if (!current) return fail('not_found', 'no active visit request');
  const zone = input.zoneId === null ? null : current.zones.find((z) => z.id === input.zoneId);
  if (zone === undefined) return fail('validation_failed', undefined, [fieldError('zoneId', 'unknown_zone', input.lang ?? 'sv')]);
  const zoneId = zone?.id ?? null;
  if (zoneId === current.zoneId) return ok({ requestId: current.requestId, zoneId });

  const now = clock.now();
  const nameOf = (id: string | null) => current.zones.find((z) => z.id === id)?.name ?? null;
  try {
    await batch.run([
      // The request may have been withdrawn or replaced by a change meanwhile: then nothing is written.
      assertion(
        sql<boolean>`EXISTS (SELECT 1 FROM visit_requests WHERE id = ${current.requestId} AND status = 'active' AND event_id = ${input.eventId})`,
      ),
      compiler
        .updateTable('visit_requests')
        .set({ zone_id: zoneId, updated_at: now.toISOString() })
        .where('id', '=', current.requestId)
        .compile(),
      auditQuery(
        {
          actor: input.actor,
          action: 'visit_request.zone',
          entity: 'visit_request',
          entityId: current.requestId,
          eventId: input.eventId,
          before: { zoneId: current.zoneId, zone: nameOf(current.zoneId) },
          after: { zoneId, zone: nameOf(zoneId) },
        },
        now,
      ),
    ]);
  } catch (error) {
    if (isAssertionFailure(error)) return fail('not_found', 'the visit request was withdrawn meanwhile');
    throw error;
  }
  return ok({ requestId: current.requestId, zoneId });
}
