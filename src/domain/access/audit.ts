/**
 * The audit log: one row per change made by an organiser (or the command line), written in the SAME atomic
 * batch as the change itself, so the log can never miss or invent a change.
 */
import type { CompiledQuery } from 'kysely';
import { compiler } from '../../../db/compiler.ts';
import { newId } from '../ids.ts';
import { type Actor, actorLabel } from './policy.ts';

export interface AuditEntry {
  /** The organiser who acted, or a label such as `cli` for the command line (with an organiser id if known). */
  actor: Actor | { label: string; organiserId?: string | null };
  /** Verb, e.g. `create`, `revoke`, `assign`. */
  action: string;
  /** Table-like name of what changed, e.g. `organiser`, `api_token`, `event_organiser`. */
  entity: string;
  entityId: string | null;
  /** The event the change belongs to, for the per-event audit page; null for changes outside events. */
  eventId?: string | null;
  before?: unknown;
  after?: unknown;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** The INSERT of one audit row; put it in the same batch as the change. */
export function auditQuery(entry: AuditEntry, now: Date): CompiledQuery {
  const actor = entry.actor;
  const isActor = 'eventIds' in actor;
  return compiler
    .insertInto('audit_log')
    .values({
      id: newId(),
      event_id: entry.eventId ?? null,
      organiser_id: actor.organiserId ?? null,
      actor: isActor ? actorLabel(actor) : actor.label,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before_json: json(entry.before),
      after_json: json(entry.after),
      created_at: now.toISOString(),
    })
    .compile();
}
