/**
 * Zod schemas shared by API routes and pages: the inputs they validate and the outputs they document.
 */
import { z } from 'zod';
import { multiLine } from '../domain/text.ts';

export const SlugSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens');

const Instant = z.string().meta({ format: 'date-time', description: 'UTC instant, ISO 8601' });
const Localized = z.object({ sv: z.string(), en: z.string() });

export const TopicSchema = z.object({ id: z.string(), slug: z.string(), name: Localized });

export const EventSummarySchema = z.object({
  slug: z.string(),
  name: z.string(),
  description: Localized,
  venue: z.object({ name: z.string(), address: z.string() }),
  timeZone: z.string().meta({ description: 'IANA time zone of the event, e.g. Europe/Stockholm' }),
  startsAt: Instant,
  endsAt: Instant,
  status: z.enum(['draft', 'published', 'closed']),
  registration: z.object({
    opensAt: Instant,
    closesAt: Instant,
    isOpen: z.boolean(),
    paused: z.boolean().meta({ description: 'The organisers paused registration: no new registrations or changes until they reopen' }),
    maxAttendeesPerCompany: z.number().int(),
    confirmationHoldHours: z.number().int().meta({ description: 'Hours places are held for a contact to confirm' }),
  }),
  organiser: z.object({ name: z.string(), email: z.string() }),
});

export const ProgramSessionSchema = z.object({
  id: z.string(),
  kind: z.enum(['dialogue', 'seminar', 'breakfast', 'other']),
  title: Localized,
  description: Localized,
  startsAt: Instant,
  endsAt: Instant,
  room: z.string(),
  topic: TopicSchema.nullable(),
  capacity: z.number().int(),
  confirmed: z.number().int(),
  remaining: z.number().int().meta({ description: 'Places left; 0 means new attendees join the waiting list' }),
  waitlisted: z.number().int(),
  isFull: z.boolean(),
});

export const EventDetailSchema = EventSummarySchema.extend({
  topics: z.array(TopicSchema),
  sessions: z.array(ProgramSessionSchema),
  visitSlots: z.array(z.object({ id: z.string(), startsAt: Instant, endsAt: Instant })),
  zones: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .meta({ description: 'Areas of the municipality where a visit may take place: the values of `visitRequest.zoneId`' }),
  maxPoliticiansPerVisit: z
    .number()
    .int()
    .meta({ description: 'Most politicians on one visit: the highest `visitRequest.politicians` a company may wish for' }),
});

const Localized2 = z.object({ sv: z.string(), en: z.string() });

export const RegistrationViewSchema = z.object({
  id: z.string(),
  event: z.object({ slug: z.string(), name: z.string(), timeZone: z.string(), startsAt: Instant }),
  status: z.enum(['active', 'cancelled', 'erased']),
  confirmedAt: Instant.nullable().meta({ description: 'When the contact confirmed their address; null: waiting for confirmation' }),
  language: z.enum(['sv', 'en']),
  company: z.object({
    orgNumber: z.string().meta({ description: 'NNNNNN-NNNN' }),
    name: z.string(),
    industry: z.string(),
    address: z.object({ street: z.string(), postalCode: z.string(), city: z.string() }),
  }),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
  attendees: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      sessions: z.array(
        z.object({
          sessionId: z.string(),
          title: Localized2,
          startsAt: Instant,
          endsAt: Instant,
          room: z.string(),
          status: z.enum(['confirmed', 'waitlisted']),
          waitlistPosition: z.number().int().nullable().meta({ description: 'Place in the waiting list, 1 = next in line' }),
        }),
      ),
    }),
  ),
  viewpoints: z.object({ text: z.string(), topics: z.array(z.string()) }),
  visitRequest: z
    .object({
      slotIds: z.array(z.string()),
      topics: z.array(z.string()),
      participants: z.number().int(),
      message: z.string(),
      zoneId: z.string().nullable().meta({ description: 'One of the event’s `zones`, or null when not known' }),
      politicians: z.number().int().nullable().meta({ description: 'Politicians the company would like to meet; null: no wish' }),
    })
    .nullable(),
  visit: z
    .object({
      startsAt: Instant,
      endsAt: Instant,
      address: z.string(),
      hosts: z.array(
        z.object({
          name: z.string(),
          role: z.string().meta({ description: 'Role with party (politicians) or department (officials)' }),
          kind: z.enum(['politician', 'official']),
        }),
      ),
    })
    .nullable()
    .meta({ description: 'The confirmed company visit; null until one is confirmed' }),
  createdAt: Instant,
  updatedAt: Instant,
});

/**
 * The answer to every accepted registration form, new or not: it reveals nothing about whether the company was
 * registered already (the existing contact is mailed their own link then). The registration itself is reached by
 * the link in the email to the contact.
 */
export const RegistrationAcceptedSchema = z.object({
  status: z.literal('check_email'),
  message: z.string().meta({ description: 'What happens next, in the request’s language' }),
});

export const ConfirmationParamsSchema = z.object({
  id: z.string().meta({ description: 'The registration id from the confirmation link' }),
  token: z.string().meta({ description: 'The token from the confirmation link' }),
});

export const ConfirmationStateSchema = z.object({
  state: z.enum(['pending', 'confirmed', 'released', 'invalid']),
  eventName: z.string().optional(),
  companyName: z.string().optional(),
  holdEndsAt: Instant.optional().meta({ description: 'When the places are released if nobody confirms' }),
  timeZone: z.string().optional(),
});

export const ConfirmedSchema = z.object({
  confirmed: z.literal(true),
  manageUrl: z.string().meta({ description: 'The private link to see, change or cancel the registration. Keep it secret.' }),
});

export const IdempotencyKeyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{16,200}$/, 'invalid')
    .optional()
    .meta({
      description:
        'A unique value per registration attempt (16–200 characters); a repeat returns the first answer instead of registering twice.',
    }),
});

export const ManageTokenSchema = z.object({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,100}$/, 'invalid')
    .meta({ description: 'The secret from the manage link' }),
});

/** A visit in a plan, as the planning API carries it. */
export const PlannedVisitSchema = z.strictObject({
  requestId: z.string().min(1).max(64),
  slotId: z.string().min(1).max(64),
  hostIds: z.array(z.string().min(1).max(64)).min(1).max(10),
});
/** Why an organiser cancels a visit: mailed to the company and the hosts, so it follows the rule for typed text. */
export const VisitCancelSchema = z.strictObject({
  reason: z.string().trim().max(1000, 'too_long').superRefine(multiLine).default(''),
});
