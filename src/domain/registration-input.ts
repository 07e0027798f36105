/**
 * What a company sends to register (the API's JSON and the form, after src/domain/form-data.ts turns the
 * form into the same shape). Each check reports one of the codes in field-errors.ts.
 */
import { z } from 'zod';
import type { FieldCode } from './field-errors.ts';
import { industrySlugs } from './industries.ts';
import { hasValidCheckDigit, parseOrgNumber } from './org-number.ts';
import { multiLine, oneLine } from './text.ts';

const err = (code: FieldCode) => ({ error: code });

// One-line fields take no line breaks or control characters; viewpoints and the visit message may run over lines
// (the rule: src/domain/text.ts).
const text = (max: number) => z.string(err('required')).trim().min(1, err('required')).max(max, err('too_long')).superRefine(oneLine);
const optionalMultiLineText = (max: number) => z.string(err('invalid')).trim().max(max, err('too_long')).superRefine(multiLine).default('');
const email = z
  .string(err('required'))
  .trim()
  .min(1, err('required'))
  .max(254, err('too_long'))
  .pipe(z.email(err('invalid_email')));
const id = z.string(err('invalid')).trim().min(1, err('invalid')).max(64, err('invalid'));
const ids = (max: number) =>
  z
    .array(id, err('invalid'))
    .max(max, err('too_many'))
    .transform((list) => [...new Set(list)]);

export const OrgNumberSchema = z
  .string(err('required'))
  .trim()
  .min(1, err('required'))
  .transform((value, ctx) => {
    const digits = parseOrgNumber(value);
    if (!digits) ctx.addIssue({ code: 'custom', message: 'invalid_org_number_format' });
    else if (!hasValidCheckDigit(digits)) ctx.addIssue({ code: 'custom', message: 'invalid_org_number' });
    return digits ?? value;
  })
  .meta({
    description:
      'Organisationsnummer, `NNNNNN-NNNN` or 10 digits, with a valid check digit; a sole trader’s `YYYYMMDD-NNNN` and `16NNNNNN-NNNN` are taken as the 10-digit form',
    examples: ['556036-0793'],
  });

// Written as five digits with or without the space; kept as Swedish mail writes it ("641 32"), so emails, calendar
// files and exports show it that way without formatting it again.
export const PostalCodeSchema = z
  .string(err('required'))
  .trim()
  .regex(/^\d{3} ?\d{2}$/, err('invalid_postal_code'))
  .transform((value) => `${value.slice(0, 3)} ${value.slice(-2)}`);

export const PhoneSchema = z
  .string(err('required'))
  .trim()
  .min(1, err('required'))
  .regex(/^\+?[0-9][0-9 ()-]{4,22}$/, err('invalid_phone'));

export const AttendeeInputSchema = z.strictObject({
  name: text(120),
  email,
  sessionIds: ids(20).refine((list) => list.length > 0, err('choose_session')),
});

export const VisitRequestInputSchema = z.strictObject({
  slotIds: ids(50).refine((list) => list.length > 0, err('choose_slot')),
  topics: ids(20).default([]),
  participants: z.coerce
    .number(err('invalid_participants'))
    .int(err('invalid_participants'))
    .min(1, err('invalid_participants'))
    .max(50, err('invalid_participants')),
  message: optionalMultiLineText(2000),
  politicians: z.coerce
    .number(err('invalid_politicians'))
    .int(err('invalid_politicians'))
    .min(1, err('invalid_politicians'))
    .max(9, err('invalid_politicians'))
    .nullable()
    .optional()
    .meta({
      description:
        'How many politicians the company would like to meet, at most the event’s `maxPoliticiansPerVisit`; null for no wish. A wish: planning gives it when the event’s hosts allow, else the event’s usual delegation. Left out in a change, the request keeps the wish it had.',
    }),
  zoneId: id.nullable().optional().meta({
    description:
      'The area (zone) of the municipality where the visit takes place: one of the event’s `zones`; null when the company does not know. Used for travel times between visits. Left out in a change, the request keeps the zone it had.',
  }),
});

export const RegistrationInputSchema = z.strictObject({
  company: z.strictObject({
    orgNumber: OrgNumberSchema,
    name: text(200),
    industry: z.enum(industrySlugs, err('choose_industry')),
    address: z.strictObject({ street: text(200), postalCode: PostalCodeSchema, city: text(100) }),
  }),
  contact: z.strictObject({ name: text(120), email, phone: PhoneSchema }),
  attendees: z.array(AttendeeInputSchema, err('attendee_required')).min(1, err('attendee_required')).max(20, err('too_many')),
  viewpoints: z.strictObject({ text: optionalMultiLineText(4000), topics: ids(20).default([]) }).optional(),
  visitRequest: VisitRequestInputSchema.nullable().optional(),
  consent: z.literal(true, err('consent_required')),
  language: z.enum(['sv', 'en']).default('sv'),
});

export type RegistrationInput = z.output<typeof RegistrationInputSchema>;

/** A change through the manage link: everything but the company's identity and the consent. */
export const RegistrationChangeSchema = z.strictObject({
  company: RegistrationInputSchema.shape.company.omit({ orgNumber: true }).optional(),
  contact: RegistrationInputSchema.shape.contact.optional(),
  attendees: RegistrationInputSchema.shape.attendees.optional(),
  viewpoints: RegistrationInputSchema.shape.viewpoints,
  visitRequest: RegistrationInputSchema.shape.visitRequest,
  language: z.enum(['sv', 'en']).optional(),
});

export type RegistrationChange = z.output<typeof RegistrationChangeSchema>;
