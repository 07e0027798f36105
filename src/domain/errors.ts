/**
 * Expected failures are values with stable codes. src/api/problem.ts maps each code to an HTTP status and
 * site/i18n maps it to Swedish and English messages: add a code here and both tables must follow (the type
 * checker enforces it).
 */
import type { MessageParams } from '../matching/types.ts';

export const errorCodes = [
  'validation_failed',
  'malformed_request',
  'payload_too_large',
  'not_found',
  'event_not_found',
  'registration_closed',
  'registration_not_open',
  'registration_paused',
  'session_full',
  'already_registered',
  'invalid_org_number',
  'idempotency_conflict',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'visit_conflict',
  'service_unavailable',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One problem with one input field, `path` in dotted form (`company.orgNumber`, `attendees.0.email`). */
export interface FieldError {
  path: string;
  code: string;
  message: string;
  /** A broken planning rule also names what it is about, so pages can say it with names (visit-override-text.ts). */
  hostId?: string;
  requestId?: string;
  slotId?: string;
  params?: MessageParams;
}

/** An expected failure, returned (not thrown) by services. */
export interface Failure {
  code: ErrorCode;
  /** Extra words for logs and the problem document's `detail`; never personal data. */
  detail?: string;
  fieldErrors?: FieldError[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, detail?: string, fieldErrors?: FieldError[]): { ok: false; error: Failure } => ({
  ok: false,
  error: { code, detail, fieldErrors },
});
