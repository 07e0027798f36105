/**
 * Zod schemas for the organisers' set-up, shared by /api/admin and the admin pages (which map their form
 * fields onto the same shapes). Dates and times are local to the event's zone: `YYYY-MM-DD` and `HH:MM`.
 */
import { z } from 'zod';
import { multiLine, oneLine } from '../text.ts';

// Names, titles, rooms and addresses are one line; descriptions may run over lines (src/domain/text.ts).
const text = (max: number) => z.string().trim().min(1, 'required').max(max, 'too_long').superRefine(oneLine);
const optionalText = (max: number) => z.string().trim().max(max, 'too_long').superRefine(oneLine).default('');
const longText = (max: number) => z.string().trim().max(max, 'too_long').superRefine(multiLine).default('');

export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid')
  .refine(
    (value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'invalid',
  )
  .meta({ description: 'Local date in the event’s time zone, YYYY-MM-DD', example: '2027-09-16' });
export const LocalTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'invalid')
  .meta({ description: 'Local time in the event’s time zone, HH:MM', example: '09:00' });
const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'invalid');
const count = (max: number) => z.number().int('invalid').min(0, 'invalid').max(max, 'invalid');

/**
 * The same object schema without its defaults: for partial updates (PATCH), where a field that was not
 * sent must stay as it is, not be reset to its default.
 */
function noDefaults<S extends z.ZodObject>(schema: S): S {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, field instanceof z.ZodDefault ? field.unwrap() : field]),
  );
  return z.strictObject(shape) as unknown as S;
}

export const SetupSlugSchema = z
  .string()
  .trim()
  .min(1, 'required')
  .max(80, 'too_long')
  // Two checks, so the message says which rule the address breaks.
  .regex(/^[a-z0-9-]*$/, 'invalid_slug_characters')
  .regex(/^(?:[a-z0-9]|$)/, 'invalid_slug_start')
  .meta({ description: 'Lower-case letters, digits and hyphens; part of the public address /anmalan/<slug>' });

const EventFields = {
  name: text(120),
  descriptionSv: longText(4000),
  descriptionEn: longText(4000),
  venueName: text(120),
  venueAddress: text(200),
  organiserName: text(120),
  organiserEmail: z.string().trim().max(254).pipe(z.email('invalid_email')),
  date: LocalDateSchema,
  startTime: LocalTimeSchema,
  endTime: LocalTimeSchema,
  registrationOpensDate: LocalDateSchema.meta({ description: 'Registration opens at 00:00 this local day' }),
  registrationClosesDate: LocalDateSchema.meta({ description: 'Registration closes at the end of this local day' }),
};

export const EventCreateSchema = z.strictObject({ slug: SetupSlugSchema, ...EventFields });
export type EventCreateInput = z.input<typeof EventCreateSchema>;

export const DelegationRulesFields = {
  minPoliticians: count(10),
  maxPoliticians: count(10),
  minOfficials: count(10),
  maxOfficials: count(10),
  maxDelegationSize: z.number().int('invalid').min(1, 'invalid').max(20, 'invalid'),
  transferBufferMinutes: count(240),
  allowDepartmentRequest: z.boolean(),
  allowPartyRequest: z.boolean(),
  serveVisitQueue: z.boolean().meta({
    description:
      'When hosts free up, the requests first in the queue for visits that can now be placed are placed and confirmed automatically',
  }),
  retentionDays: count(3650).meta({ description: 'Personal data is erased this many days after the event ends' }),
  confirmationHoldHours: z
    .number()
    .int('invalid')
    .min(1, 'invalid')
    .max(720, 'invalid')
    .meta({ description: 'Hours a registration whose contact has not confirmed holds its places (default 48)' }),
  maxAttendeesPerCompany: z
    .number()
    .int('invalid')
    .min(1, 'invalid')
    .max(100, 'invalid')
    .meta({ description: 'Most attendees one company may register (default 5)' }),
  burstAlertThreshold: z
    .number()
    .int('invalid')
    .min(1, 'invalid')
    .max(10000, 'invalid')
    .meta({ description: 'More registrations than this within 10 minutes email the organisers one alert (default 30)' }),
  registrationPaused: z.boolean().meta({
    description: 'Pause registration: the public form and API take no new registrations and no changes (423) until set to false',
  }),
};

export const privacyLegalBases = ['public_interest', 'legitimate_interest', 'consent'] as const;

/** The organiser's own parts of the event's privacy notice (GDPR art. 13); the rest is what the product does. */
export const PrivacyNoticeFields = {
  privacyController: optionalText(200).meta({
    description: 'The data controller as the notice names it, e.g. the municipal board; empty: the organiser',
  }),
  privacyContact: optionalText(200).meta({
    description: 'Whom to ask about personal data, e.g. the data protection officer’s email; empty: the organiser’s email',
  }),
  privacyLegalBasis: z.enum(privacyLegalBases, 'invalid').meta({
    description: 'GDPR art. 6(1): public_interest (e), legitimate_interest (f) or consent (a)',
  }),
};

export const EventStatusSchema = z.enum(['draft', 'published', 'closed']);

export const EventUpdateSchema = noDefaults(
  z.strictObject({ ...EventFields, ...DelegationRulesFields, ...PrivacyNoticeFields, status: EventStatusSchema }),
)
  .partial()
  .meta({ description: 'Only the fields sent change. Status moves forward only: draft → published → closed.' });
export type EventUpdateInput = z.input<typeof EventUpdateSchema>;

export const EventCopySchema = z.strictObject({
  slug: SetupSlugSchema,
  name: text(120),
  date: LocalDateSchema.meta({ description: 'The new event’s (first) day; every time is moved by the same number of days' }),
});
export type EventCopyInput = z.input<typeof EventCopySchema>;

export const sessionKinds = ['dialogue', 'seminar', 'breakfast', 'other'] as const;

export const SessionInputSchema = z.strictObject({
  titleSv: text(200),
  titleEn: text(200),
  kind: z.enum(sessionKinds).default('dialogue'),
  descriptionSv: longText(4000),
  descriptionEn: longText(4000),
  date: LocalDateSchema,
  startTime: LocalTimeSchema,
  endTime: LocalTimeSchema,
  room: optionalText(120),
  capacity: count(100_000),
  topicId: Id.nullable().default(null),
});
export type SessionInput = z.input<typeof SessionInputSchema>;
export const SessionUpdateSchema = noDefaults(SessionInputSchema).partial();
export type SessionUpdateInput = z.input<typeof SessionUpdateSchema>;

export const SlotInputSchema = z.strictObject({ date: LocalDateSchema, startTime: LocalTimeSchema, endTime: LocalTimeSchema });
export type SlotInput = z.input<typeof SlotInputSchema>;

export const TopicInputSchema = z.strictObject({
  nameSv: text(120),
  nameEn: text(120),
  sort: count(10_000).optional(),
});
export type TopicInput = z.input<typeof TopicInputSchema>;

const coordinate = (limit: number) => z.number().min(-limit, 'invalid').max(limit, 'invalid').nullable().default(null);
export const ZoneInputSchema = z.strictObject({ name: text(120), latitude: coordinate(90), longitude: coordinate(180) });
export type ZoneInput = z.input<typeof ZoneInputSchema>;

export const TravelTimesSchema = z.strictObject({
  entries: z
    .array(z.strictObject({ fromZoneId: Id, toZoneId: Id, minutes: count(600) }))
    .max(10_000)
    .meta({ description: 'The whole table: pairs left out use the default derived from the zones’ coordinates' }),
});
export type TravelTimesInput = z.input<typeof TravelTimesSchema>;

export const hostKinds = ['politician', 'official'] as const;

const HostFields = z.strictObject({
  kind: z.enum(hostKinds),
  name: text(120),
  email: z.string().trim().max(254).pipe(z.email('invalid_email')),
  phone: optionalText(40),
  party: optionalText(80).meta({ description: 'Politicians: required' }),
  roles: optionalText(300).meta({ description: 'Politicians: committee roles' }),
  department: optionalText(120).meta({ description: 'Officials: required (förvaltning)' }),
  title: optionalText(120).meta({ description: 'Officials: job title' }),
  topicIds: z.array(Id).max(100).default([]),
  maxVisitsPerDay: count(20).default(3),
  startZoneId: Id.nullable().default(null),
});

/** Politicians need a party, officials a department (the table's CHECKs say the same). */
function kindRules(value: { kind?: string; party?: string; department?: string }, ctx: z.RefinementCtx) {
  if (value.kind === 'politician' && !value.party) ctx.addIssue({ code: 'custom', path: ['party'], message: 'required' });
  if (value.kind === 'official' && !value.department) ctx.addIssue({ code: 'custom', path: ['department'], message: 'required' });
}

export const HostInputSchema = HostFields.superRefine(kindRules);
export type HostInput = z.input<typeof HostInputSchema>;
export const HostUpdateSchema = noDefaults(HostFields).partial();
export type HostUpdateInput = z.input<typeof HostUpdateSchema>;

export const AvailabilitySchema = z.strictObject({ slotIds: z.array(Id).max(500) });

export const HostImportSchema = z.strictObject({
  csv: z
    .string()
    .min(1, 'required')
    .max(1_000_000, 'too_long')
    .meta({ description: 'The file’s text: the columns of /admin/events/<slug>/vardar/mall.csv, separated by semicolons or commas' }),
});
