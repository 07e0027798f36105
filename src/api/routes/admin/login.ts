/**
 * POST /api/admin/login: asks for a one-time sign-in link by email. The only /api/admin route that takes
 * anonymous requests; it answers 202 the same way whether or not the address belongs to an organiser.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { LoginRequestSchema } from '../../../domain/access/inputs.ts';
import type { AppEnv } from '../../env.ts';
import { describe, validate } from '../../openapi.ts';

export const adminLoginRouter = new Hono<AppEnv>().post(
  '/login',
  describe({
    summary: 'Ask for a sign-in link',
    description:
      'When the address belongs to an organiser, a sign-in link valid for 15 minutes and usable once is emailed to it. The answer is the same either way.',
    tags: ['admin'],
    responses: {
      202: {
        description: 'If the address belongs to an organiser, a link is on its way',
        schema: z.object({ status: z.literal('accepted') }),
      },
      429: { description: 'Too many attempts from this client; see Retry-After' },
    },
  }),
  validate('json', LoginRequestSchema),
  async (c) => {
    await c.var.services.access.requestLoginLink(c.req.valid('json').email);
    return c.json({ status: 'accepted' as const }, 202);
  },
);
