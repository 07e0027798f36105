import { Hono } from 'hono';
import type { AdminEnv } from '../../admin-auth.ts';
import { describe } from '../../openapi.ts';
import { adminSecurity, MeSchema } from './schemas.ts';

export const meRouter = new Hono<AdminEnv>().get(
  '/me',
  describe({
    summary: 'The signed-in organiser',
    tags: ['admin'],
    security: adminSecurity,
    responses: { 200: { description: 'Who you are and which events you manage', schema: MeSchema }, 401: { description: 'Not signed in' } },
  }),
  async (c) => {
    const actor = c.var.actor;
    return c.json({
      id: actor.organiserId,
      email: actor.email,
      name: actor.name,
      role: actor.role,
      authenticatedBy: actor.via.kind,
      events: await c.var.services.access.events.manageable(actor),
    });
  },
);
