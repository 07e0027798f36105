/**
 * The outbox of one event as organisers follow it: every message with its status, attempts, last error and
 * the provider's delivery events; who did not get their message; a retry for a failed message.
 */

import { type Kysely, type SqlBool, sql } from 'kysely';
import { compiler } from '../../../db/compiler.ts';
import type { Database, OutboxRow } from '../../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { withoutPrivateLinks } from '../../mail/private-links.ts';
import { auditQuery } from '../access/audit.ts';
import { type Actor, canManageEvent, isAdmin } from '../access/policy.ts';
import { assertion, isAssertionFailure } from '../batch.ts';
import { fail, ok, type Result } from '../errors.ts';
import { containsPattern, type OutboxQuery, PAGE_SIZE } from './queries.ts';
import { type DeliveryEventView, loadDeliveryEvents, type MessageSummary, messageColumns, summarizeMessage } from './registrations.ts';

const problemEvent = sql<SqlBool>`EXISTS (SELECT 1 FROM delivery_events d WHERE d.outbox_id = outbox.id
  AND d.type IN ('email.bounced', 'email.complained', 'email.failed'))`;

export interface OutboxPage {
  rows: MessageSummary[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** Messages per status, and `problem` (failed, bounced or complained), for the whole event. */
  counts: Record<'all' | 'problem' | 'pending' | 'sending' | 'sent' | 'failed', number>;
}

export async function listOutbox(db: Kysely<Database>, eventId: string, query: OutboxQuery): Promise<OutboxPage> {
  let base = db.selectFrom('outbox').where('event_id', '=', eventId);
  if (query.status === 'problem') base = base.where((eb) => eb.or([eb('status', '=', 'failed'), problemEvent]));
  else if (query.status !== 'all') base = base.where('status', '=', query.status);
  if (query.q.trim()) {
    const pattern = containsPattern(query.q.trim());
    base = base.where(
      sql<SqlBool>`(to_address LIKE ${pattern} ESCAPE '\\' OR subject LIKE ${pattern} ESCAPE '\\' OR kind LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  const [counted, byStatus, problems] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('event_id', '=', eventId)
      .groupBy('status')
      .execute(),
    db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .where((eb) => eb.or([eb('status', '=', 'failed'), problemEvent]))
      .executeTakeFirst(),
  ]);
  const total = Number(counted?.n ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await base
    .select([...messageColumns])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  const events = await loadDeliveryEvents(
    db,
    rows.map((r) => r.id),
  );
  const counts = { all: 0, problem: Number(problems?.n ?? 0), pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const s of byStatus) {
    counts[s.status] = Number(s.n);
    counts.all += Number(s.n);
  }
  return {
    total,
    page,
    pageCount,
    pageSize: PAGE_SIZE,
    counts,
    rows: rows.map((r) => summarizeMessage(r, events.get(r.id) ?? [])),
  };
}

export interface MessageDetail {
  message: OutboxRow;
  summary: MessageSummary;
  deliveryEvents: (DeliveryEventView & { detail: string })[];
}

/** One message of the event, whole (HTML, text, ICS), with its delivery events. */
export async function getMessage(db: Kysely<Database>, eventId: string, id: string): Promise<MessageDetail | undefined> {
  const message = await db.selectFrom('outbox').selectAll().where('id', '=', id).where('event_id', '=', eventId).executeTakeFirst();
  if (!message) return undefined;
  const deliveryEvents = await db
    .selectFrom('delivery_events')
    .select(['type', 'occurred_at', 'detail'])
    .where('outbox_id', '=', id)
    .orderBy('occurred_at')
    .execute();
  const events = deliveryEvents.map((e) => ({ type: e.type, occurredAt: e.occurred_at, detail: e.detail }));
  // A company's manage link and an organiser's sign-in link are the recipient's alone: organisers see the address.
  const shown = { ...message, html: withoutPrivateLinks(message.html), text: withoutPrivateLinks(message.text) };
  return { message: shown, summary: summarizeMessage(message, events), deliveryEvents: events };
}

/**
 * Sends a failed message again: pending, due now. Attempts keep counting (the history stays true), so the
 * retry is one more attempt; the last error stays until that attempt replaces it. The audit row records
 * the state it was retried from.
 */
export async function retryMessage(
  deps: Deps,
  actor: Actor,
  id: string,
  eventId?: string,
): Promise<Result<{ id: string; eventId: string | null; status: 'pending' }>> {
  const { db, batch, clock } = deps;
  const row = await db
    .selectFrom('outbox')
    .select(['id', 'event_id', 'status', 'attempts', 'last_error'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || (eventId !== undefined && row.event_id !== eventId)) return fail('not_found');
  if (row.event_id ? !canManageEvent(actor, row.event_id) : !isAdmin(actor)) return fail('forbidden', 'not an organiser of this event');
  if (row.status !== 'failed')
    return fail('validation_failed', 'only a failed message can be retried', [
      { path: 'status', code: 'invalid', message: `the message is ${row.status}` },
    ]);
  const now = clock.now();
  try {
    await batch.run([
      assertion(sql<SqlBool>`(SELECT status FROM outbox WHERE id = ${id}) = 'failed'`),
      compiler
        .updateTable('outbox')
        .set({ status: 'pending', next_attempt_at: now.toISOString(), lease_until: null })
        .where('id', '=', id)
        .compile(),
      auditQuery(
        {
          actor,
          action: 'retry',
          entity: 'outbox',
          entityId: id,
          eventId: row.event_id,
          before: { status: row.status, attempts: row.attempts, lastError: row.last_error },
          after: { status: 'pending', nextAttemptAt: now.toISOString() },
        },
        now,
      ),
    ]);
  } catch (error) {
    if (isAssertionFailure(error)) return fail('validation_failed', 'the message changed meanwhile: it is no longer failed');
    throw error;
  }
  return ok({ id, eventId: row.event_id, status: 'pending' });
}
