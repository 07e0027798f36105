/** Visit set-up: slots, topics and zones CRUD, and the travel-time table between zones. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Result } from '../../../domain/errors.ts';
import { SlotInputSchema, TopicInputSchema, TravelTimesSchema, ZoneInputSchema } from '../../../domain/setup/inputs.ts';
import { type AdminEnv, requireEventAccess } from '../../admin-auth.ts';
import { describe, validate } from '../../openapi.ts';
import {
  common,
  DeletedSchema,
  SlotSchema,
  security,
  send,
  slugIdParam,
  slugParam,
  TopicSchema,
  TravelTableSchema,
  tags,
  ZoneSchema,
} from './setup-schemas.ts';

type Kind = 'slot' | 'topic' | 'zone';
const resources = [
  {
    path: 'slots',
    kind: 'slot',
    what: 'visit slot',
    schema: SlotSchema,
    input: SlotInputSchema,
    note: 'Date and times local to the event’s zone.',
  },
  {
    path: 'topics',
    kind: 'topic',
    what: 'topic',
    schema: TopicSchema,
    input: TopicInputSchema,
    note: 'The slug is made from the Swedish name.',
  },
  {
    path: 'zones',
    kind: 'zone',
    what: 'zone',
    schema: ZoneSchema,
    input: ZoneInputSchema,
    note: 'Coordinates (WGS 84) give default travel times.',
  },
] as const;

let router = new Hono<AdminEnv>();
for (const r of resources) {
  const kind: Kind = r.kind;
  router = router
    .get(
      `/events/:slug/${r.path}`,
      describe({
        summary: `List ${r.what}s`,
        tags,
        security,
        responses: { 200: { description: `The ${r.what}s`, schema: z.object({ [r.path]: z.array(r.schema) }) }, ...common },
      }),
      requireEventAccess(),
      slugParam,
      async (c) => {
        const setup = c.var.services.setup.visits;
        const id = c.var.event.id;
        const items = kind === 'slot' ? await setup.slots(id) : kind === 'topic' ? await setup.topics(id) : await setup.zones(id);
        return c.json({ [r.path]: items });
      },
    )
    .post(
      `/events/:slug/${r.path}`,
      describe({
        summary: `Add a ${r.what}`,
        description: `${r.note} Written to the audit log.`,
        tags,
        security,
        responses: { 201: { description: `The new ${r.what}`, schema: r.schema }, ...common },
      }),
      requireEventAccess(),
      slugParam,
      validate('json', r.input),
      async (c) => {
        const setup = c.var.services.setup.visits;
        const body = c.req.valid('json') as never;
        const id = c.var.event.id;
        const result =
          kind === 'slot'
            ? await setup.createSlot(c.var.actor, id, body)
            : kind === 'topic'
              ? await setup.createTopic(c.var.actor, id, body)
              : await setup.createZone(c.var.actor, id, body);
        return send(c, result as Result<unknown>, 201);
      },
    )
    .patch(
      `/events/:slug/${r.path}/:id`,
      describe({
        summary: `Change a ${r.what}`,
        description: `Send every field. ${r.note}`,
        tags,
        security,
        responses: { 200: { description: `The ${r.what} as it is now`, schema: r.schema }, ...common },
      }),
      requireEventAccess(),
      slugIdParam,
      validate('json', r.input),
      async (c) => {
        const setup = c.var.services.setup.visits;
        const body = c.req.valid('json') as never;
        const id = c.var.event.id;
        const itemId = c.req.valid('param').id;
        const result =
          kind === 'slot'
            ? await setup.updateSlot(c.var.actor, id, itemId, body)
            : kind === 'topic'
              ? await setup.updateTopic(c.var.actor, id, itemId, body)
              : await setup.updateZone(c.var.actor, id, itemId, body);
        return send(c, result as Result<unknown>);
      },
    )
    .delete(
      `/events/:slug/${r.path}/:id`,
      describe({
        summary: `Remove a ${r.what}`,
        description:
          kind === 'slot'
            ? 'A slot with planned visits is refused (422). Requests and availability let go of it.'
            : 'Hosts and requests let go of it.',
        tags,
        security,
        responses: { 200: { description: 'Removed', schema: DeletedSchema }, ...common },
      }),
      requireEventAccess(),
      slugIdParam,
      async (c) => send(c, await c.var.services.setup.visits.remove(c.var.actor, c.var.event.id, kind, c.req.valid('param').id)),
    );
}

export const setupVisitsRouter = router
  .get(
    '/events/:slug/travel-times',
    describe({
      summary: 'The travel-time table between zones',
      description: 'Every ordered pair of zones, with the minutes set (or null) and the default derived from coordinates.',
      tags,
      security,
      responses: { 200: { description: 'The table', schema: TravelTableSchema }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    async (c) => c.json(await c.var.services.setup.visits.travelTable(c.var.event.id)),
  )
  .put(
    '/events/:slug/travel-times',
    describe({
      summary: 'Replace the travel-time table',
      description:
        'Pairs left out use the default derived from the zones’ coordinates (or the planner’s fallback). Written to the audit log.',
      tags,
      security,
      responses: { 200: { description: 'Saved', schema: z.object({ saved: z.number() }) }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    validate('json', TravelTimesSchema),
    async (c) => send(c, await c.var.services.setup.visits.saveTravelTimes(c.var.actor, c.var.event.id, c.req.valid('json'))),
  );
