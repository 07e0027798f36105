import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { describe } from '../openapi.ts';
import { problem } from '../problem.ts';

export const healthRouter = new Hono<AppEnv>().get(
  '/',
  describe({
    summary: 'Liveness and database check',
    tags: ['system'],
    responses: {
      200: { description: 'The server answers and the database is reachable', schema: z.object({ status: z.literal('ok') }) },
      503: { description: 'The database does not answer' },
    },
  }),
  async (c) => {
    try {
      await c.var.services.checkDatabase();
    } catch (error) {
      console.error('health check: database unavailable', error);
      return problem(c, { code: 'service_unavailable', detail: 'database unavailable' });
    }
    return c.json({ status: 'ok' as const });
  },
);
