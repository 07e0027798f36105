import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { describe, validate } from '../openapi.ts';
import { problem } from '../problem.ts';
import { EventDetailSchema, EventSummarySchema, SlugSchema } from '../schemas.ts';

export const eventsRouter = new Hono<AppEnv>()
  .get(
    '/',
    describe({
      summary: 'Published events',
      tags: ['events'],
      responses: { 200: { description: 'Published events, soonest first', schema: z.object({ events: z.array(EventSummarySchema) }) } },
    }),
    async (c) => c.json({ events: await c.var.services.events.listPublished() }),
  )
  .get(
    '/:slug',
    describe({
      summary: 'One event with its program and remaining places',
      tags: ['events'],
      responses: {
        200: { description: 'The event', schema: EventDetailSchema },
        404: { description: 'No published event has this slug' },
      },
    }),
    validate('param', z.object({ slug: SlugSchema })),
    async (c) => {
      const event = await c.var.services.events.getPublic(c.req.valid('param').slug);
      if (!event) return problem(c, { code: 'event_not_found' });
      return c.json(event);
    },
  );
