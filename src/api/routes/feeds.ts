/**
 * Calendar feeds to subscribe to (webcal:// or https://): ETag and If-None-Match, so calendar clients
 * that poll every few minutes cost a hash comparison.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Feed } from '../../domain/feeds.ts';
import type { AppEnv } from '../env.ts';
import { describe, validate } from '../openapi.ts';
import { problem } from '../problem.ts';
import { SlugSchema } from '../schemas.ts';

function sendFeed(c: Context<AppEnv>, feed: Feed | undefined) {
  if (!feed) return problem(c, { code: 'not_found' });
  const headers = { etag: feed.etag, 'cache-control': 'private, max-age=300' };
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === feed.etag)) return c.body(null, 304, headers);
  return c.body(feed.ics, 200, { ...headers, 'content-type': 'text/calendar; charset=utf-8' });
}

const calendarResponses = (what: string) => ({
  200: { description: what, schema: z.string(), contentType: 'text/calendar' },
  304: { description: 'Unchanged since the ETag given in If-None-Match' },
  404: { description: 'No such feed' },
});

export const feedsRouter = new Hono<AppEnv>()
  .get(
    '/events/:slug/program.ics',
    describe({
      summary: 'The event program as a calendar to subscribe to',
      tags: ['calendar'],
      responses: calendarResponses('iCalendar, METHOD:PUBLISH'),
    }),
    validate('param', z.object({ slug: SlugSchema })),
    validate('query', z.object({ lang: z.enum(['sv', 'en']).default('sv') })),
    async (c) => sendFeed(c, await c.var.services.feeds.program(c.req.valid('param').slug, c.req.valid('query').lang)),
  )
  .get(
    '/feeds/hosts/:token',
    describe({
      summary: "A host's confirmed visits as a calendar to subscribe to",
      description:
        "The token is the secret in the host's feed link (ends in `.ics`). Organisers can rotate it; the old link then stops working.",
      tags: ['calendar'],
      responses: calendarResponses('iCalendar, METHOD:PUBLISH'),
    }),
    validate('param', z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}\.ics$/, 'invalid') })),
    async (c) => sendFeed(c, await c.var.services.feeds.host(c.req.valid('param').token.replace(/\.ics$/, ''))),
  );
