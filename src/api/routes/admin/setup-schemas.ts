/** Shared pieces of the set-up routes (src/api/routes/admin/setup-*.ts): output schemas and parameters. */
import type { Context } from 'hono';
import { z } from 'zod';
import type { Result } from '../../../domain/errors.ts';
import { privacyLegalBases } from '../../../domain/setup/inputs.ts';
import type { AdminEnv } from '../../admin-auth.ts';
import { validate } from '../../openapi.ts';
import { problem } from '../../problem.ts';
import { adminSecurity } from './schemas.ts';

export const tags = ['admin set-up'];
export const security = adminSecurity;

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'invalid');
const Slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'invalid');
export const slugParam = validate('param', z.object({ slug: Slug }));
export const slugIdParam = validate('param', z.object({ slug: Slug, id: Id }));

const Instant = z.string().meta({ format: 'date-time', description: 'UTC instant, ISO 8601' });
const LocalDate = z.string().meta({ description: 'Local date in the event’s zone' });
const LocalTime = z.string().meta({ description: 'Local time HH:MM in the event’s zone' });

export const EventSettingsSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(['draft', 'published', 'closed']),
  timeZone: z.string(),
  descriptionSv: z.string(),
  descriptionEn: z.string(),
  venueName: z.string(),
  venueAddress: z.string(),
  organiserName: z.string(),
  organiserEmail: z.string(),
  date: LocalDate,
  startTime: LocalTime,
  endTime: LocalTime,
  registrationOpensDate: LocalDate,
  registrationClosesDate: LocalDate,
  startsAt: Instant,
  endsAt: Instant,
  registrationOpensAt: Instant,
  registrationClosesAt: Instant,
  minPoliticians: z.number(),
  maxPoliticians: z.number(),
  minOfficials: z.number(),
  maxOfficials: z.number(),
  maxDelegationSize: z.number(),
  transferBufferMinutes: z.number(),
  allowDepartmentRequest: z.boolean(),
  allowPartyRequest: z.boolean(),
  serveVisitQueue: z.boolean(),
  retentionDays: z.number(),
  confirmationHoldHours: z.number(),
  maxAttendeesPerCompany: z.number(),
  burstAlertThreshold: z.number(),
  registrationPaused: z.boolean(),
  privacyController: z.string(),
  privacyContact: z.string(),
  privacyLegalBasis: z.enum(privacyLegalBases),
  copiedFromEventId: z.string().nullable(),
});

export const OverviewSchema = z.object({
  registrations: z.number(),
  placesTaken: z.number(),
  waitlisted: z.number(),
  capacity: z.number(),
  visitRequests: z.number(),
  sessions: z.number(),
  slots: z.number(),
  hosts: z.number(),
});

export const SessionSchema = z.object({
  id: z.string(),
  kind: z.enum(['dialogue', 'seminar', 'breakfast', 'other']),
  titleSv: z.string(),
  titleEn: z.string(),
  descriptionSv: z.string(),
  descriptionEn: z.string(),
  date: LocalDate,
  startTime: LocalTime,
  endTime: LocalTime,
  startsAt: Instant,
  endsAt: Instant,
  room: z.string(),
  capacity: z.number(),
  topicId: z.string().nullable(),
  confirmed: z.number(),
  waitlisted: z.number(),
});

export const SlotSchema = z.object({
  id: z.string(),
  date: LocalDate,
  startTime: LocalTime,
  endTime: LocalTime,
  startsAt: Instant,
  endsAt: Instant,
});
export const TopicSchema = z.object({ id: z.string(), slug: z.string(), nameSv: z.string(), nameEn: z.string(), sort: z.number() });
export const ZoneSchema = z.object({ id: z.string(), name: z.string(), latitude: z.number().nullable(), longitude: z.number().nullable() });
export const TravelTableSchema = z.object({
  zones: z.array(ZoneSchema),
  cells: z.array(
    z.object({
      fromZoneId: z.string(),
      toZoneId: z.string(),
      minutes: z.number().nullable().meta({ description: 'Set in the table; null means the default applies' }),
      defaultMinutes: z.number().nullable().meta({ description: 'Derived from coordinates (straight line × 1.3 at 30 km/h)' }),
    }),
  ),
});

export const HostSchema = z.object({
  id: z.string(),
  kind: z.enum(['politician', 'official']),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  party: z.string(),
  roles: z.string(),
  department: z.string(),
  title: z.string(),
  topicIds: z.array(z.string()),
  maxVisitsPerDay: z.number(),
  startZoneId: z.string().nullable(),
  slotIds: z.array(z.string()),
  invited: z.boolean(),
});

export const ImportResultSchema = z.object({
  rows: z.array(
    z.object({
      line: z.number().meta({ description: 'Line in the file; the header is line 1' }),
      name: z.string(),
      email: z.string(),
      kind: z.string(),
      action: z.enum(['create', 'update', 'skip']),
      errors: z.array(z.object({ field: z.string().meta({ description: 'The column' }), message: z.string() })),
    }),
  ),
  created: z.number(),
  updated: z.number(),
  skipped: z.number(),
  saved: z.boolean().meta({ description: 'False for a dry run: nothing was written' }),
});

export const DeletedSchema = z.object({ deleted: z.literal(true) });

export const common = {
  401: { description: 'Not signed in' },
  403: { description: 'Not an organiser of this event' },
  404: { description: 'No such event (or item)' },
} as const;

/** Answers a service Result: the value as JSON, or the failure as problem+json. */
export function send<T>(c: Context<AdminEnv>, result: Result<T>, status: 200 | 201 = 200) {
  return result.ok ? c.json(result.value as object, status) : problem(c, result.error);
}
