/** Zod schemas for the access layer's inputs, shared by the admin API routes and the admin pages. */
import { z } from 'zod';
import { oneLine } from '../text.ts';

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // Names shown to people are one line, without control characters (src/domain/text.ts).
    .superRefine(oneLine);

export const EmailSchema = z.string().trim().max(254).pipe(z.email('invalid_email'));

export const LoginRequestSchema = z.object({ email: EmailSchema }).strict();

export const ApiTokenInputSchema = z
  .object({
    name: text(80).meta({ description: 'What the token is for, e.g. "Export to the intranet"' }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'When the token stops working (ISO 8601); without it, it works until revoked' }),
  })
  .strict();
export type ApiTokenInput = z.infer<typeof ApiTokenInputSchema>;

export const EventSlugSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'invalid');

export const OrganiserInputSchema = z
  .object({
    email: EmailSchema,
    name: text(120),
    role: z.enum(['admin', 'organiser']),
    eventSlugs: z.array(EventSlugSchema).max(100).default([]).meta({ description: 'Events the organiser may manage (admins manage all)' }),
  })
  .strict();
export type OrganiserInput = z.input<typeof OrganiserInputSchema>;
