/**
 * The day itself and what follows it: attendee lists per session, check-in (and its undo) with counts, the
 * spreadsheets (CSV for Swedish Excel), and the outbox with retries of failed messages.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type ExportFormat, type ExportKind, exportFormats, exportKinds, XLSX_TYPE } from '../../../domain/exports.ts';
import { OutboxQuerySchema } from '../../../domain/followup/queries.ts';
import { ViewpointQuerySchema } from '../../../domain/followup/viewpoints.ts';
import { type AdminEnv, requireEventAccess } from '../../admin-auth.ts';
import { describe, validate } from '../../openapi.ts';
import { problem } from '../../problem.ts';
import { SlugSchema } from '../../schemas.ts';
import { CheckInCountsSchema, CheckInSchema, OutboxPageSchema, RetriedSchema, SessionListSchema } from './followup-schemas.ts';
import { adminSecurity, IdParamSchema } from './schemas.ts';

const tags = ['admin: follow-up'];
const security = adminSecurity;
const SlugParam = z.object({ slug: SlugSchema });
const SlugIdParam = SlugParam.extend(IdParamSchema.shape);
const denied = { 401: { description: 'Not signed in' }, 403: { description: 'Not an organiser of this event' } };
const exportFiles = exportKinds.flatMap((kind) => exportFormats.map((format) => `${kind}.${format}`)) as [string, ...string[]];
const ExportParam = SlugParam.extend({
  file: z.enum(exportFiles).meta({ description: `One of ${exportFiles.map((f) => `\`${f}\``).join(', ')}` }),
});

function checkInRoute(checkedIn: boolean) {
  return [
    describe({
      summary: checkedIn ? 'Check an attendee in' : 'Undo an attendee’s check-in',
      description: 'Idempotent: a repeat changes nothing (the first check-in time stays). Audited.',
      tags,
      security,
      responses: {
        200: { description: 'The attendee’s check-in', schema: CheckInSchema },
        ...denied,
        404: { description: 'No such attendee' },
      },
    }),
    requireEventAccess(),
    validate('param', SlugIdParam),
  ] as const;
}

export const followupDayRouter = new Hono<AdminEnv>()
  .get(
    '/events/:slug/sessions/:id/attendees',
    describe({
      summary: 'Attendees of a session: confirmed (by name) and the waiting list (in order)',
      tags,
      security,
      responses: {
        200: { description: 'The session’s lists', schema: SessionListSchema },
        ...denied,
        404: { description: 'No such session' },
      },
    }),
    requireEventAccess(),
    validate('param', SlugIdParam),
    async (c) => {
      const [list] = await c.var.services.followup.attendees.bySession(c.var.event.id, c.req.valid('param').id);
      return list ? c.json(list) : problem(c, { code: 'not_found' });
    },
  )
  .get(
    '/events/:slug/check-in',
    describe({
      summary: 'Check-in counts: checked in / expected per session and in total',
      tags,
      security,
      responses: { 200: { description: 'The counts', schema: CheckInCountsSchema }, ...denied },
    }),
    requireEventAccess(),
    validate('param', SlugParam),
    async (c) => c.json(await c.var.services.followup.attendees.counts(c.var.event.id)),
  )
  .post('/events/:slug/attendees/:id/check-in', ...checkInRoute(true), async (c) => {
    const result = await c.var.services.followup.attendees.setCheckedIn(c.var.actor, c.var.event.id, c.req.valid('param').id, true);
    return result.ok ? c.json(result.value) : problem(c, result.error);
  })
  .delete('/events/:slug/attendees/:id/check-in', ...checkInRoute(false), async (c) => {
    const result = await c.var.services.followup.attendees.setCheckedIn(c.var.actor, c.var.event.id, c.req.valid('param').id, false);
    return result.ok ? c.json(result.value) : problem(c, result.error);
  })
  .get(
    '/events/:slug/exports/:file',
    describe({
      summary: 'Download a spreadsheet (CSV for Swedish Excel, or an Excel workbook)',
      description:
        'Registrations, attendees per session, visits, or the companies’ viewpoints by topic, as an attachment. `.csv`: semicolon-separated UTF-8 with a byte order mark. `.xlsx`: typed columns (numbers, dates in the event’s time zone), a frozen header row and an auto filter. The viewpoints take the same filter as their report page (`industry`, `zone`, `session`); the other kinds ignore it.',
      tags,
      security,
      responses: {
        200: { description: 'The file', schema: z.string(), contentType: ['text/csv; charset=utf-8', XLSX_TYPE] },
        422: { description: 'An unknown industry in the filter' },
        ...denied,
        404: { description: 'No such event' },
      },
    }),
    requireEventAccess(),
    validate('param', ExportParam),
    validate('query', ViewpointQuerySchema),
    async (c) => {
      const [kind, format] = c.req.valid('param').file.split('.') as [ExportKind, ExportFormat];
      const file = await c.var.services.followup.exports.build(c.var.event.id, kind, format, c.req.valid('query'));
      return c.body(file.body, 200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
      });
    },
  )
  .get(
    '/events/:slug/outbox',
    describe({
      summary: 'Every message of the event, with status, attempts, last error and delivery events',
      description: '`status=problem` lists who did not receive their message: failed, bounced or complained.',
      tags,
      security,
      responses: { 200: { description: 'One page of messages, newest first', schema: OutboxPageSchema }, ...denied },
    }),
    requireEventAccess(),
    validate('param', SlugParam),
    validate('query', OutboxQuerySchema),
    async (c) => c.json(await c.var.services.followup.outbox.list(c.var.event.id, c.req.valid('query'))),
  )
  .post(
    '/outbox/:id/retry',
    describe({
      summary: 'Send a failed message again',
      description:
        'The message becomes pending and due now; attempts keep counting, so this is one more attempt. Only for organisers of the message’s event. Audited.',
      tags,
      security,
      responses: {
        200: { description: 'Queued again', schema: RetriedSchema },
        ...denied,
        404: { description: 'No such message' },
        422: { description: 'The message is not failed' },
      },
    }),
    validate('param', IdParamSchema),
    async (c) => {
      const result = await c.var.services.followup.outbox.retry(c.var.actor, c.req.valid('param').id);
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  );
