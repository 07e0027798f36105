/**
 * The one table from error code to HTTP status and title, and the RFC 9457 problem+json answers built
 * from it. Pages use site/i18n for the same codes in Swedish and English.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { ErrorCode, Failure } from '../domain/errors.ts';

export const problemStatus: Record<ErrorCode, { status: ContentfulStatusCode; title: string }> = {
  validation_failed: { status: 422, title: 'The request has invalid fields' },
  malformed_request: { status: 400, title: 'The request could not be read' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  not_found: { status: 404, title: 'Not found' },
  event_not_found: { status: 404, title: 'No such event' },
  registration_closed: { status: 409, title: 'Registration is closed' },
  registration_not_open: { status: 409, title: 'Registration has not opened yet' },
  registration_paused: { status: 423, title: 'The organisers have paused registration for this event; try again later' },
  session_full: { status: 409, title: 'The session is full' },
  already_registered: { status: 409, title: 'The company is already registered for this event' },
  invalid_org_number: { status: 422, title: 'Invalid organisation number' },
  idempotency_conflict: { status: 409, title: 'The Idempotency-Key was used for a different request' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  visit_conflict: { status: 409, title: 'The visit breaks a planning rule' },
  service_unavailable: { status: 503, title: 'The service is unavailable' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
};

/** Values that complete a planning message code (ids, counts, minutes): the UI says the code with them in its language. */
export const MessageParamsSchema = z.record(z.string(), z.unknown()).meta({
  description: 'Values that complete the code: slotIds, hostIds, otherRequestId, counts and limits, minutesNeeded/minutesAvailable, …',
});

export const FieldErrorSchema = z.object({
  path: z.string().meta({ description: 'Dotted path of the field, e.g. `company.orgNumber` or `attendees.0.email`' }),
  code: z.string(),
  message: z.string(),
  hostId: z.string().optional().meta({ description: 'A broken planning rule (visit_conflict): the host it is about' }),
  requestId: z.string().optional().meta({ description: 'A broken planning rule: the visit request it is about' }),
  slotId: z.string().optional().meta({ description: 'A broken planning rule: the slot it is about' }),
  params: MessageParamsSchema.optional(),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'Stable machine-readable error code' }),
    detail: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ description: 'RFC 9457 problem details' });

export type Problem = z.infer<typeof ProblemSchema>;

export function problemBody(failure: Failure): Problem {
  const { status, title } = problemStatus[failure.code];
  return {
    type: `about:blank#${failure.code}`,
    title,
    status,
    code: failure.code,
    ...(failure.detail ? { detail: failure.detail } : {}),
    ...(failure.fieldErrors?.length ? { errors: failure.fieldErrors } : {}),
  };
}

export function problemResponse(failure: Failure, headers: Record<string, string> = {}): Response {
  const body = problemBody(failure);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

/** Sends a failure from a Hono handler. */
export const problem = (_c: Context, failure: Failure, headers?: Record<string, string>) => problemResponse(failure, headers);
