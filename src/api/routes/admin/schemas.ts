/** Output schemas of the admin API (inputs live in src/domain/access/inputs.ts, shared with the pages). */
import { z } from 'zod';

const Instant = z.string().meta({ format: 'date-time', description: 'UTC instant, ISO 8601' });

export const ManagedEventSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(['draft', 'published', 'closed']),
  startsAt: Instant,
  endsAt: Instant,
  timeZone: z.string(),
});

export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'organiser']),
  authenticatedBy: z.enum(['session', 'token']),
  events: z.array(ManagedEventSchema),
});

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  organiser: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  createdAt: Instant,
  expiresAt: Instant.nullable(),
  lastUsedAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});

export const CreatedApiTokenSchema = ApiTokenSchema.extend({
  token: z.string().meta({ description: 'The secret, shown this once: only its SHA-256 is kept' }),
});

export const OrganiserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'organiser']),
  createdAt: Instant,
  disabledAt: Instant.nullable(),
  events: z.array(z.object({ slug: z.string(), name: z.string() })),
});

export const IdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, 'invalid'),
});

/** The security schemes of every admin route (see buildOpenApiDocument). */
export const adminSecurity = ['bearerToken'];
