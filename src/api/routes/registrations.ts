/**
 * Registration API: create for an event, and read, change, cancel, export, erase through the manage
 * token. The same services and zod schemas as the public pages.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { RegistrationChangeSchema, RegistrationInputSchema } from '../../domain/registration-input.ts';
import type { AppEnv } from '../env.ts';
import { apiLanguage } from '../language.ts';
import { describe, validate } from '../openapi.ts';
import { problem } from '../problem.ts';
import {
  CreatedRegistrationSchema,
  IdempotencyKeyHeaderSchema,
  ManageTokenSchema,
  RegistrationViewSchema,
  SlugSchema,
} from '../schemas.ts';

const tags = ['registrations'];
const notFound = { description: 'No registration has this manage link, or it has expired' };

export const registrationsRouter = new Hono<AppEnv>()
  .post(
    '/events/:slug/registrations',
    describe({
      summary: 'Register a company for an event',
      description:
        'Places are confirmed in order of arrival while there is room; then attendees join the waiting list. Emails (confirmation, calendar invites) are queued in the same transaction.',
      tags,
      responses: {
        201: { description: 'Registered', schema: CreatedRegistrationSchema },
        200: { description: 'A repeated Idempotency-Key: the first answer, nothing registered twice', schema: CreatedRegistrationSchema },
        404: { description: 'No such event' },
        409: {
          description: 'Registration closed or not open yet, company already registered, or Idempotency-Key reused for another request',
        },
        429: { description: 'Too many attempts from this client; see Retry-After' },
      },
    }),
    validate('param', z.object({ slug: SlugSchema })),
    validate('header', IdempotencyKeyHeaderSchema),
    validate('json', RegistrationInputSchema),
    async (c) => {
      const result = await c.var.services.registrations.register(c.req.valid('param').slug, c.req.valid('json'), {
        idempotencyKey: c.req.valid('header')['idempotency-key'],
        lang: apiLanguage(c),
      });
      if (!result.ok) return problem(c, result.error);
      const { view, manageToken, replayed } = result.value;
      return c.json({ ...view, manageUrl: c.var.services.registrations.manageUrl(manageToken, view.language) }, replayed ? 200 : 201);
    },
  )
  .get(
    '/registrations/:token',
    describe({
      summary: 'The registration behind a manage link',
      tags,
      responses: { 200: { description: 'The registration', schema: RegistrationViewSchema }, 404: notFound },
    }),
    validate('param', ManageTokenSchema),
    async (c) => {
      const view = await c.var.services.registrations.get(c.req.valid('param').token);
      return view ? c.json(view) : problem(c, { code: 'not_found' });
    },
  )
  .patch(
    '/registrations/:token',
    describe({
      summary: 'Change a registration',
      description:
        'Attendees are matched by email: a kept attendee keeps its places (and place in line) in sessions it still chooses. Leaving a session frees the place for the next in line. `visitRequest: null` withdraws the visit request.',
      tags,
      responses: {
        200: { description: 'The changed registration', schema: RegistrationViewSchema },
        404: notFound,
        409: { description: 'Registration closed or cancelled' },
      },
    }),
    validate('param', ManageTokenSchema),
    validate('json', RegistrationChangeSchema),
    async (c) => {
      const result = await c.var.services.registrations.change(c.req.valid('param').token, c.req.valid('json'), apiLanguage(c));
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .delete(
    '/registrations/:token',
    describe({
      summary: 'Cancel the whole registration',
      description:
        'Releases every place (the next in line are promoted and told), withdraws the visit request and cancels the calendar invites.',
      tags,
      responses: { 200: { description: 'The cancelled registration', schema: RegistrationViewSchema }, 404: notFound },
    }),
    validate('param', ManageTokenSchema),
    async (c) => {
      const result = await c.var.services.registrations.cancel(c.req.valid('param').token);
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .get(
    '/registrations/:token/calendar.ics',
    describe({
      summary: 'The calendar file of the confirmed sessions',
      description: 'Exactly what the last confirmation or change email carried.',
      tags,
      responses: { 200: { description: 'iCalendar', schema: z.string(), contentType: 'text/calendar' }, 404: notFound },
    }),
    validate('param', ManageTokenSchema),
    async (c) => {
      const ics = await c.var.services.registrations.calendarFile(c.req.valid('param').token);
      if (!ics) return problem(c, { code: 'not_found' });
      return c.body(ics, 200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'attachment; filename="motesdagen.ics"',
      });
    },
  )
  .get(
    '/registrations/:token/data',
    describe({
      summary: 'All personal data stored for the registration (GDPR export)',
      tags,
      responses: { 200: { description: 'JSON export', schema: z.record(z.string(), z.unknown()) }, 404: notFound },
    }),
    validate('param', ManageTokenSchema),
    async (c) => {
      const data = await c.var.services.registrations.exportData(c.req.valid('param').token);
      if (!data) return problem(c, { code: 'not_found' });
      c.header('content-disposition', 'attachment; filename="motesdagen-personuppgifter.json"');
      return c.json(data);
    },
  )
  .post(
    '/registrations/:token/erase',
    describe({
      summary: 'Erase the personal data of a registration',
      description:
        'Cancels the registration if active, then overwrites names, email addresses, phone and free text. Anonymous counts remain. The manage link stops working.',
      tags,
      responses: { 200: { description: 'Erased', schema: z.object({ erased: z.literal(true) }) }, 404: notFound },
    }),
    validate('param', ManageTokenSchema),
    async (c) => {
      const result = await c.var.services.registrations.erase(c.req.valid('param').token);
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  );
