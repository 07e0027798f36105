/**
 * The transactional outbox: a message is a row written in the same atomic batch as the change that causes
 * it (DESIGN.md, data rules). A sender (src/mail/sender.ts) delivers pending rows later.
 */
import { type CompiledQuery, type RawBuilder, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { EmailKind } from '../../emails/index.ts';

export type Language = 'sv' | 'en';
export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface OutgoingMessage {
  /** Outbox id; also the Idempotency-Key sent to the provider. Defaults to a new UUID. */
  id?: string;
  eventId: string | null;
  /** Template kind, e.g. `registration_confirmed`; one of the list in emails/index.ts, each with its label for organisers. */
  kind: EmailKind;
  language: Language;
  to: string;
  subject: string;
  html: string;
  text: string;
  /**
   * An iCalendar attachment; its method goes into the MIME type. The text may be SQL that completes it when the
   * batch runs (a SEQUENCE read from calendar_items, see sessionInviteStatements).
   */
  calendar?: { ics: string | RawBuilder<string>; method: CalendarMethod };
  /**
   * The registration the message belongs to (its contact's or an attendee's), or SQL that finds it when the batch
   * runs; a company's data export and erasure select messages by it, never by address. Absent for organisers and hosts.
   */
  registrationId?: string | RawBuilder<string>;
}

/**
 * The INSERT that queues one message; put it in the same batch as the change. With `when`, the message is queued
 * only if that SQL condition holds when the batch runs (e.g. the place it cancels was still confirmed).
 */
export function enqueueMessage(message: OutgoingMessage, now: Date, when?: RawBuilder<boolean>): CompiledQuery {
  const stamp = now.toISOString();
  const row = {
    id: message.id ?? crypto.randomUUID(),
    event_id: message.eventId,
    kind: message.kind,
    language: message.language,
    to_address: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    ics: message.calendar?.ics ?? null,
    ics_method: message.calendar?.method ?? null,
    next_attempt_at: stamp,
    created_at: stamp,
    registration_id: message.registrationId ?? null,
  };
  if (!when) return compiler.insertInto('outbox').values(row).compile();
  const columns = Object.keys(row) as (keyof typeof row)[];
  return compiler
    .insertInto('outbox')
    .columns(columns)
    .expression(sql`SELECT ${sql.join(columns.map((column) => row[column]))} WHERE ${when}`)
    .compile();
}
