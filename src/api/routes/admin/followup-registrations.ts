/**
 * Registrations of an event for its organisers: the searchable, filterable table; one registration with its
 * emails; changes, cancellations and waiting-list promotions on the company's behalf (the public side's
 * rules and emails, each with an audit row in the same batch).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { PromoteInputSchema, RegistrationListQuerySchema } from '../../../domain/followup/queries.ts';
import { RegistrationChangeSchema } from '../../../domain/registration-input.ts';
import { type AdminEnv, requireEventAccess } from '../../admin-auth.ts';
import { apiLanguage } from '../../language.ts';
import { describe, validate } from '../../openapi.ts';
import { problem } from '../../problem.ts';
import { RegistrationViewSchema, SlugSchema } from '../../schemas.ts';
import { PromotedSchema, RegistrationDetailSchema, RegistrationPageSchema } from './followup-schemas.ts';
import { adminSecurity, IdParamSchema } from './schemas.ts';

const tags = ['admin: follow-up'];
const security = adminSecurity;
const SlugParam = z.object({ slug: SlugSchema });
const SlugIdParam = SlugParam.extend(IdParamSchema.shape);
const denied = { 401: { description: 'Not signed in' }, 403: { description: 'Not an organiser of this event' } };

export const followupRegistrationsRouter = new Hono<AdminEnv>()
  .get(
    '/events/:slug/registrations',
    describe({
      summary: 'Registrations of an event',
      description:
        'Search (company, organisation number, contact, attendee name or email), filter (session, industry, status, visit request), sort and page (50 a page). Erased registrations are never listed.',
      tags,
      security,
      responses: {
        200: { description: 'One page of registrations', schema: RegistrationPageSchema },
        ...denied,
        404: { description: 'No such event' },
      },
    }),
    requireEventAccess(),
    validate('param', SlugParam),
    validate('query', RegistrationListQuerySchema),
    async (c) => c.json(await c.var.services.followup.registrations.list(c.var.event.id, c.req.valid('query'))),
  )
  .get(
    '/events/:slug/registrations/:id',
    describe({
      summary: 'One registration, with its emails and waiting-list places',
      tags,
      security,
      responses: {
        200: { description: 'The registration', schema: RegistrationDetailSchema },
        ...denied,
        404: { description: 'Not found' },
      },
    }),
    requireEventAccess(),
    validate('param', SlugIdParam),
    async (c) => {
      const detail = await c.var.services.followup.registrations.detail(c.var.event.id, c.req.valid('param').id);
      if (!detail) return problem(c, { code: 'not_found' });
      const { view, ...rest } = detail;
      return c.json({ registration: view, checkedIn: rest.checkedIn, messages: rest.messages, waiting: rest.waiting });
    },
  )
  .patch(
    '/events/:slug/registrations/:id',
    describe({
      summary: 'Change a registration on the company’s behalf',
      description:
        'The same rules and emails as the company’s own change through its manage link (PATCH /api/registrations/{token}); the change summary carries a fresh manage link, which replaces the old one. Audited.',
      tags,
      security,
      responses: {
        200: { description: 'The changed registration', schema: RegistrationViewSchema },
        ...denied,
        404: { description: 'Not found' },
        409: { description: 'Registration closed or cancelled' },
      },
    }),
    requireEventAccess(),
    validate('param', SlugIdParam),
    validate('json', RegistrationChangeSchema),
    async (c) => {
      const result = await c.var.services.followup.registrations.change(
        c.var.actor,
        c.var.event.id,
        c.req.valid('param').id,
        c.req.valid('json'),
        apiLanguage(c),
      );
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .post(
    '/events/:slug/registrations/:id/cancel',
    describe({
      summary: 'Cancel a registration on the company’s behalf',
      description: 'As the company’s own cancellation: places released, the next in line promoted and told, invites cancelled. Audited.',
      tags,
      security,
      responses: {
        200: { description: 'The cancelled registration', schema: RegistrationViewSchema },
        ...denied,
        404: { description: 'Not found' },
      },
    }),
    requireEventAccess(),
    validate('param', SlugIdParam),
    async (c) => {
      const result = await c.var.services.followup.registrations.cancel(c.var.actor, c.var.event.id, c.req.valid('param').id);
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .post(
    '/events/:slug/registrations/:id/promote',
    describe({
      summary: 'Move an attendee off a waiting list into a confirmed place',
      description:
        'The attendee gets a calendar invite and the contact person an email, as with an automatic promotion. In a full session only with `raiseCapacity: true`: the session’s capacity is raised to fit, and the audit log records the override.',
      tags,
      security,
      responses: {
        200: { description: 'Promoted', schema: PromotedSchema },
        ...denied,
        404: { description: 'Not on that waiting list' },
        409: { description: '`session_full`: the session is full and `raiseCapacity` was not set' },
      },
    }),
    requireEventAccess(),
    validate('param', SlugIdParam),
    validate('json', PromoteInputSchema),
    async (c) => {
      const result = await c.var.services.followup.registrations.promote(
        c.var.actor,
        c.var.event.id,
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  );
