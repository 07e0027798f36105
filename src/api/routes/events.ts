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
      const { slug } = c.req.valid('param');
      const { events, cache } = c.var.services;
      // The most read answer of all (every visitor's program): serialised and encoded once per change of
      // the data; bytes, since encoding 12 KB of text on every write was most of this route's time.
      const body = await cache.get(`event-json:${slug}`, async () => {
        const event = await events.getPublic(slug);
        return event ? new TextEncoder().encode(JSON.stringify(event)) : undefined;
      });
      if (!body) return problem(c, { code: 'event_not_found' });
      return c.body(body, 200, { 'content-type': 'application/json' });
    },
  );
