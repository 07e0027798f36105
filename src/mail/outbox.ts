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
 * The only kinds that reach a registration's contact before the contact has confirmed their address: the request to
 * confirm itself and the word that the places were released. Every other message of an unconfirmed registration
 * (the summary, attendees' invites, promotions, visits, reminders) is queued held and released by the confirmation
 * (src/domain/confirmation.ts), so a stranger's address typed into a form gets nothing.
 */
export const SENT_BEFORE_CONFIRMATION: ReadonlySet<string> = new Set(['registration_confirm_request', 'registration_released']);

/** 1 when the message's registration is not confirmed yet, decided when the batch runs (the row may be in the same batch). */
function heldUntilConfirmed(message: OutgoingMessage): 0 | RawBuilder<0 | 1> {
  if (message.registrationId === undefined || SENT_BEFORE_CONFIRMATION.has(message.kind)) return 0;
  return sql<0 | 1>`(SELECT count(*) FROM registrations WHERE id = ${message.registrationId} AND confirmed_at IS NULL)`;
}

/**
 * The INSERT that queues one message; put it in the same batch as the change. With `when`, the message is queued
 * only if that SQL condition holds when the batch runs (e.g. the place it cancels was still confirmed). `once`: a
 * message with a fixed id that several runners may queue at the same moment; the second insert then queues nothing
 * (and fails nothing).
 */
export function enqueueMessage(
  message: OutgoingMessage,
  now: Date,
  options: { when?: RawBuilder<boolean> | undefined; once?: boolean } = {},
): CompiledQuery {
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
    held: heldUntilConfirmed(message),
  };
  const { when, once } = options;
  const columns = Object.keys(row) as (keyof typeof row)[];
  return compiler
    .insertInto('outbox')
    .$if(when === undefined, (q) => q.values(row))
    .$if(when !== undefined, (q) =>
      q.columns(columns).expression(sql`SELECT ${sql.join(columns.map((column) => row[column]))} WHERE ${when}`),
    )
    .$if(once === true, (q) => q.onConflict((oc) => oc.column('id').doNothing()))
    .compile();
}
