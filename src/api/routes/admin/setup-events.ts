/** Events for organisers: create, read, change (details, status, delegation rules, retention), copy. */
import { Hono } from 'hono';
import { z } from 'zod';
import { EventCopySchema, EventCreateSchema, EventUpdateSchema } from '../../../domain/setup/inputs.ts';
import { type AdminEnv, requireEventAccess } from '../../admin-auth.ts';
import { describe, validate } from '../../openapi.ts';
import { common, EventSettingsSchema, OverviewSchema, security, send, slugParam, tags } from './setup-schemas.ts';

export const setupEventsRouter = new Hono<AdminEnv>()
  .post(
    '/events',
    describe({
      summary: 'Create an event (as a draft)',
      description:
        'Dates and times are local to Europe/Stockholm. An organiser who is not an admin is made organiser of the new event. Written to the audit log.',
      tags,
      security,
      responses: { 201: { description: 'The new event', schema: EventSettingsSchema }, 401: common[401] },
    }),
    validate('json', EventCreateSchema),
    async (c) => send(c, await c.var.services.setup.events.create(c.var.actor, c.req.valid('json')), 201),
  )
  .get(
    '/events/:slug',
    describe({
      summary: 'An event’s settings and key counts',
      tags,
      security,
      responses: {
        200: { description: 'Settings and counts', schema: z.object({ event: EventSettingsSchema, counts: OverviewSchema }) },
        ...common,
      },
    }),
    requireEventAccess(),
    slugParam,
    async (c) => {
      const { setup } = c.var.services;
      const [event, counts] = await Promise.all([setup.events.get(c.var.event.id), setup.events.overview(c.var.event.id)]);
      return c.json({ event, counts });
    },
  )
  .patch(
    '/events/:slug',
    describe({
      summary: 'Change an event: details, status, delegation rules, transfer buffer, retention',
      description: 'Only the fields sent change. Status moves forward only (draft → published → closed). Written to the audit log.',
      tags,
      security,
      responses: { 200: { description: 'The event as it is now', schema: EventSettingsSchema }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    validate('json', EventUpdateSchema),
    async (c) => send(c, await c.var.services.setup.events.update(c.var.actor, c.var.event.id, c.req.valid('json'))),
  )
  .post(
    '/events/:slug/copy',
    describe({
      summary: 'Copy an event as the start of a new one',
      description:
        'Copies the program (moved to the new date, same local times), visit slots, topics, zones, travel table and hosts (without availability or private links) into a new draft event with a new slug.',
      tags,
      security,
      responses: { 201: { description: 'The new event', schema: EventSettingsSchema }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    validate('json', EventCopySchema),
    async (c) => send(c, await c.var.services.setup.events.copy(c.var.actor, c.var.event.id, c.req.valid('json')), 201),
  );
