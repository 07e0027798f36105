/**
 * The port a mail provider sits behind. Implementations never throw for delivery problems: they say
 * whether trying again later can help.
 */
import type { CalendarMethod } from '../calendar/ics.ts';

export interface MailMessage {
  /** The outbox id: a provider that has seen it before must not send again. */
  idempotencyKey: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** An iCalendar object, sent as `invite.ics` with the method in its MIME type. */
  calendar?: { ics: string; method: CalendarMethod };
}

export type SendResult = { ok: true; providerId: string } | { ok: false; retryable: boolean; reason: string };

export interface MailTransport {
  send(message: MailMessage): Promise<SendResult>;
}

/** The MIME type of a calendar attachment, carrying the iTIP method (DESIGN.md). */
export function calendarContentType(method: CalendarMethod): string {
  return `text/calendar; charset="UTF-8"; method=${method}`;
}
