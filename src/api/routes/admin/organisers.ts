/** Organisers: list and create (admins only). */
import { Hono } from 'hono';
import { z } from 'zod';
import { OrganiserInputSchema } from '../../../domain/access/inputs.ts';
import { type AdminEnv, requireAdmin } from '../../admin-auth.ts';
import { apiLanguage } from '../../language.ts';
import { describe, validate } from '../../openapi.ts';
import { problem } from '../../problem.ts';
import { adminSecurity, OrganiserSchema } from './schemas.ts';

const tags = ['admin'];

export const organisersRouter = new Hono<AdminEnv>()
  .get(
    '/organisers',
    describe({
      summary: 'Organisers (admins only)',
      tags,
      security: adminSecurity,
      responses: {
        200: { description: 'Every organiser with the events they manage', schema: z.object({ organisers: z.array(OrganiserSchema) }) },
        401: { description: 'Not signed in' },
        403: { description: 'Not an admin' },
      },
    }),
    requireAdmin,
    async (c) => {
      const result = await c.var.services.access.organisers.list(c.var.actor);
      return result.ok ? c.json({ organisers: result.value }) : problem(c, result.error);
    },
  )
  .post(
    '/organisers',
    describe({
      summary: 'Create an organiser (admins only)',
      description: 'An `organiser` manages only the listed events; an `admin` manages everything. Written to the audit log.',
      tags,
      security: adminSecurity,
      responses: {
        201: { description: 'The new organiser', schema: OrganiserSchema },
        401: { description: 'Not signed in' },
        403: { description: 'Not an admin' },
      },
    }),
    requireAdmin,
    validate('json', OrganiserInputSchema),
    async (c) => {
      const result = await c.var.services.access.organisers.create(c.var.actor, c.req.valid('json'), apiLanguage(c));
      return result.ok ? c.json(result.value, 201) : problem(c, result.error);
    },
  );
