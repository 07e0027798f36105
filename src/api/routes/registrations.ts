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
  ConfirmationParamsSchema,
  ConfirmationStateSchema,
  ConfirmedSchema,
  IdempotencyKeyHeaderSchema,
  ManageTokenSchema,
  RegistrationAcceptedSchema,
  RegistrationViewSchema,
  SlugSchema,
} from '../schemas.ts';

const tags = ['registrations'];
const notFound = { description: 'No registration has this manage link, or it has expired' };

const accepted = {
  sv: 'Tack! Kolla e-posten: kontaktpersonen har fått ett mejl med en länk för att bekräfta anmälan. Först då skickas bekräftelser och kalenderinbjudningar till deltagarna. Om företaget redan är anmält får kontaktpersonen ett mejl med sin länk.',
  en: 'Thank you! Check the email: the contact person has received a link to confirm the registration. Only then are confirmations and calendar invitations sent to the attendees. If the company is already registered, its contact person receives an email with their link.',
} as const;

export const registrationsRouter = new Hono<AppEnv>()
  .post(
    '/events/:slug/registrations',
    describe({
      summary: 'Register a company for an event',
      description:
        'Places are held in order of arrival while there is room; then attendees join the waiting list. The only email sent at once asks the contact to confirm their address: every other email (the summary, attendees’ calendar invites) waits for that click, and unconfirmed places are released after the event’s hold time (`registration.confirmationHoldHours`, default 48). The answer is the same 202 whether the company is new or already registered (then its contact is mailed their own link, at most once per 10 minutes), and carries no link: the manage link comes by email. At most `registration.maxAttendeesPerCompany` attendees (default 5; more is a field error on `attendees`).',
      tags,
      responses: {
        202: {
          description: 'Accepted: check the contact’s email. Also for a company already registered, and for a repeated Idempotency-Key.',
          schema: RegistrationAcceptedSchema,
        },
        404: { description: 'No such event' },
        409: { description: 'Registration closed or not open yet, or Idempotency-Key reused for another request' },
        422: { description: 'Invalid fields, among them too many attendees (`attendees`, code `too_many_attendees`)' },
        423: { description: 'The organisers paused registration (`code: registration_paused`)' },
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
      // A company already registered answers exactly as a new one (its contact was mailed their link).
      if (!result.ok && result.error.code !== 'already_registered') return problem(c, result.error);
      return c.json({ status: 'check_email' as const, message: accepted[apiLanguage(c)] }, 202);
    },
  )
  .get(
    '/confirmations/:id/:token',
    describe({
      summary: 'What a confirmation link stands for (changes nothing)',
      description: 'Mail scanners fetch links: reading never confirms.',
      tags,
      responses: { 200: { description: 'The state; `invalid` for a link that is not one', schema: ConfirmationStateSchema } },
    }),
    validate('param', ConfirmationParamsSchema),
    async (c) => {
      const { id, token } = c.req.valid('param');
      return c.json(await c.var.services.confirmations.state(id, token));
    },
  )
  .post(
    '/confirmations/:id/:token',
    describe({
      summary: 'The contact confirms the registration',
      description:
        'Releases the registration’s held emails (summary, attendees’ invites) in one transaction; confirming again changes nothing. Answers with the manage link.',
      tags,
      responses: {
        200: { description: 'Confirmed', schema: ConfirmedSchema },
        404: { description: 'Not a confirmation link' },
        409: { description: 'Too late: the hold time passed and the places were released (`registration_closed`)' },
      },
    }),
    validate('param', ConfirmationParamsSchema),
    async (c) => {
      const { id, token } = c.req.valid('param');
      const result = await c.var.services.confirmations.confirm(id, token);
      if (!result.ok) return problem(c, result.error);
      const manageUrl = c.var.services.registrations.manageUrl(result.value.manageToken, result.value.language);
      return c.json({ confirmed: true as const, manageUrl });
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
