/**
 * The transactional outbox: a message is a row written in the same atomic batch as the change that causes
 * it (DESIGN.md, data rules). A sender (src/mail/sender.ts) delivers pending rows later.
 */
import { type CompiledQuery, type RawBuilder, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';

export type Language = 'sv' | 'en';
export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface OutgoingMessage {
  /** Outbox id; also the Idempotency-Key sent to the provider. Defaults to a new UUID. */
  id?: string;
  eventId: string | null;
  /** Template kind, e.g. `registration_confirmed`; shown to organisers. */
  kind: string;
  language: Language;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** An iCalendar attachment; its method goes into the MIME type. */
  calendar?: { ics: string; method: CalendarMethod };
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
 * The INSERT that queues one message; put it in the same batch as the change. `once`: a message with a fixed id that
 * several runners may queue at the same moment; the second insert then queues nothing (and fails nothing).
 */
export function enqueueMessage(message: OutgoingMessage, now: Date, options: { once?: boolean } = {}): CompiledQuery {
  const stamp = now.toISOString();
  return compiler
    .insertInto('outbox')
    .values({
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
    })
    .$if(options.once === true, (q) => q.onConflict((oc) => oc.column('id').doNothing()))
    .compile();
}
