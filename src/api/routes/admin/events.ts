import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminEnv } from '../../admin-auth.ts';
import { describe } from '../../openapi.ts';
import { adminSecurity, ManagedEventSchema } from './schemas.ts';

export const adminEventsRouter = new Hono<AdminEnv>().get(
  '/events',
  describe({
    summary: 'Events you may manage',
    description: 'Admins see every event, organisers the events they are assigned to; newest first, drafts included.',
    tags: ['admin'],
    security: adminSecurity,
    responses: {
      200: { description: 'The events', schema: z.object({ events: z.array(ManagedEventSchema) }) },
      401: { description: 'Not signed in' },
    },
  }),
  async (c) => c.json({ events: await c.var.services.access.events.manageable(c.var.actor) }),
);
