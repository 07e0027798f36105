/** The program: sessions CRUD. A raised capacity promotes from the waiting list at once. */
import { Hono } from 'hono';
import { z } from 'zod';
import { SessionInputSchema, SessionUpdateSchema } from '../../../domain/setup/inputs.ts';
import { type AdminEnv, requireEventAccess } from '../../admin-auth.ts';
import { describe, validate } from '../../openapi.ts';
import { common, DeletedSchema, SessionSchema, security, send, slugIdParam, slugParam, tags } from './setup-schemas.ts';

export const setupProgramRouter = new Hono<AdminEnv>()
  .get(
    '/events/:slug/sessions',
    describe({
      summary: 'The program, with confirmed and waiting places',
      tags,
      security,
      responses: { 200: { description: 'Sessions in time order', schema: z.object({ sessions: z.array(SessionSchema) }) }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    async (c) => c.json({ sessions: await c.var.services.setup.sessions.list(c.var.event.id) }),
  )
  .post(
    '/events/:slug/sessions',
    describe({
      summary: 'Add a session',
      description: 'Date and times are local to the event’s zone. Written to the audit log.',
      tags,
      security,
      responses: { 201: { description: 'The new session', schema: SessionSchema }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    validate('json', SessionInputSchema),
    async (c) => send(c, await c.var.services.setup.sessions.create(c.var.actor, c.var.event.id, c.req.valid('json')), 201),
  )
  .patch(
    '/events/:slug/sessions/:id',
    describe({
      summary: 'Change a session',
      description:
        'A higher capacity promotes people from the waiting list in the same change; they get a calendar invite and their contact person is told. A capacity below the confirmed places is refused (422, field `capacity`).',
      tags,
      security,
      responses: { 200: { description: 'The session as it is now', schema: SessionSchema }, ...common },
    }),
    requireEventAccess(),
    slugIdParam,
    validate('json', SessionUpdateSchema),
    async (c) =>
      send(c, await c.var.services.setup.sessions.update(c.var.actor, c.var.event.id, c.req.valid('param').id, c.req.valid('json'))),
  )
  .delete(
    '/events/:slug/sessions/:id',
    describe({
      summary: 'Remove a session nobody has a place in',
      description: 'A session with confirmed or waiting places is refused (422, code `session_has_places` in `errors`).',
      tags,
      security,
      responses: { 200: { description: 'Removed', schema: DeletedSchema }, ...common },
    }),
    requireEventAccess(),
    slugIdParam,
    async (c) => send(c, await c.var.services.setup.sessions.remove(c.var.actor, c.var.event.id, c.req.valid('param').id)),
  );
