/** Output schemas of the organisers' follow-up API (inputs: src/domain/followup/queries.ts, shared with the pages). */
import { z } from 'zod';
import { RegistrationViewSchema } from '../../schemas.ts';

const Instant = z.string().meta({ format: 'date-time', description: 'UTC instant, ISO 8601' });

const paging = {
  total: z.number().int(),
  page: z.number().int(),
  pageCount: z.number().int(),
  pageSize: z.number().int(),
};

export const RegistrationRowSchema = z.object({
  id: z.string(),
  company: z.string(),
  orgNumber: z.string(),
  industry: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  status: z.enum(['active', 'cancelled']),
  createdAt: Instant,
  attendees: z.number().int(),
  confirmed: z.number().int().meta({ description: 'Confirmed places of its attendees' }),
  waitlisted: z.number().int().meta({ description: 'Places on waiting lists' }),
  visitRequested: z.boolean(),
});

export const RegistrationPageSchema = z.object({ ...paging, rows: z.array(RegistrationRowSchema) });

export const MessageSummarySchema = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: Instant,
  sentAt: Instant.nullable(),
  nextAttemptAt: Instant,
  icsMethod: z.string().nullable(),
  deliveryEvents: z.array(z.object({ type: z.string().meta({ description: 'e.g. email.delivered, email.bounced' }), occurredAt: Instant })),
  problem: z.boolean().meta({ description: 'Failed, bounced or complained: the recipient did not get it' }),
});

export const RegistrationDetailSchema = z.object({
  registration: RegistrationViewSchema,
  checkedIn: z.record(z.string(), Instant.nullable()).meta({ description: 'Check-in time by attendee id' }),
  messages: z.array(MessageSummarySchema),
  waiting: z.array(
    z.object({
      sessionId: z.string(),
      attendeeId: z.string(),
      position: z.number().int(),
      capacity: z.number().int(),
      confirmedCount: z.number().int(),
      full: z.boolean(),
    }),
  ),
});

export const PromotedSchema = z.object({
  sessionId: z.string(),
  attendeeId: z.string(),
  capacityBefore: z.number().int(),
  capacityAfter: z.number().int(),
});

const PersonSchema = z.object({
  attendeeId: z.string(),
  registrationId: z.string(),
  name: z.string(),
  email: z.string(),
  company: z.string(),
  checkedInAt: Instant.nullable(),
});

export const SessionListSchema = z.object({
  id: z.string(),
  title: z.string(),
  startsAt: Instant,
  endsAt: Instant,
  room: z.string(),
  capacity: z.number().int(),
  confirmed: z.array(PersonSchema),
  waitlist: z.array(PersonSchema.extend({ position: z.number().int() })),
});

export const CheckInSchema = z.object({ attendeeId: z.string(), name: z.string(), checkedInAt: Instant.nullable() });

export const CheckInCountsSchema = z.object({
  total: z.object({ checkedIn: z.number().int(), expected: z.number().int() }),
  sessions: z.array(
    z.object({ id: z.string(), title: z.string(), startsAt: Instant, checkedIn: z.number().int(), expected: z.number().int() }),
  ),
});

export const OutboxPageSchema = z.object({
  ...paging,
  counts: z.record(z.string(), z.number().int()),
  rows: z.array(MessageSummarySchema),
});

export const RetriedSchema = z.object({ id: z.string(), eventId: z.string().nullable(), status: z.literal('pending') });
