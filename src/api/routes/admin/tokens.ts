/** API tokens: list, create (the secret is in the answer once), revoke. */
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiTokenInputSchema } from '../../../domain/access/inputs.ts';
import type { AdminEnv } from '../../admin-auth.ts';
import { describe, validate } from '../../openapi.ts';
import { problem } from '../../problem.ts';
import { ApiTokenSchema, adminSecurity, CreatedApiTokenSchema, IdParamSchema } from './schemas.ts';

const tags = ['admin'];

export const tokensRouter = new Hono<AdminEnv>()
  .get(
    '/tokens',
    describe({
      summary: 'API tokens',
      description: 'Your tokens; an admin sees everyone’s. Secrets are never shown again after creation.',
      tags,
      security: adminSecurity,
      responses: {
        200: { description: 'The tokens, newest first', schema: z.object({ tokens: z.array(ApiTokenSchema) }) },
        401: { description: 'Not signed in' },
      },
    }),
    async (c) => c.json({ tokens: await c.var.services.access.tokens.list(c.var.actor) }),
  )
  .post(
    '/tokens',
    describe({
      summary: 'Create an API token',
      description: 'The token acts as you. Send it as `Authorization: Bearer <token>`.',
      tags,
      security: adminSecurity,
      responses: {
        201: { description: 'The new token, with its secret shown this once', schema: CreatedApiTokenSchema },
        401: { description: 'Not signed in' },
        403: { description: 'A cookie-authenticated request from another site' },
      },
    }),
    validate('json', ApiTokenInputSchema),
    async (c) => {
      const result = await c.var.services.access.tokens.create(c.var.actor, c.req.valid('json'));
      if (!result.ok) return problem(c, result.error);
      return c.json({ ...result.value.view, token: result.value.token }, 201);
    },
  )
  .delete(
    '/tokens/:id',
    describe({
      summary: 'Revoke an API token',
      description: 'It stops working at once. Revoking a revoked token changes nothing.',
      tags,
      security: adminSecurity,
      responses: {
        200: { description: 'The revoked token', schema: ApiTokenSchema },
        401: { description: 'Not signed in' },
        404: { description: 'No token of yours has this id' },
      },
    }),
    validate('param', IdParamSchema),
    async (c) => {
      const result = await c.var.services.access.tokens.revoke(c.var.actor, c.req.valid('param').id);
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  );
