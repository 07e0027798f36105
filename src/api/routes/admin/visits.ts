/**
 * Visit planning for organisers: run the engine (nothing saved), accept a proposal, list, confirm,
 * change by hand, lock and cancel. Mounted under /api/admin behind the organiser access checks.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type AdminEnv, requireEventAccess } from '../../admin-auth.ts';
import { apiLanguage } from '../../language.ts';
import { describe, validate } from '../../openapi.ts';
import { MessageParamsSchema, problem } from '../../problem.ts';
import { PlannedVisitSchema, SlugSchema, VisitCancelSchema } from '../../schemas.ts';

const tags = ['visit planning'];
const security = ['bearerToken'];
const Id = z.string().min(1).max(64);
const slugParam = validate('param', z.object({ slug: SlugSchema }));
const visitParam = validate('param', z.object({ slug: SlugSchema, id: Id }));
const requestParam = validate('param', z.object({ slug: SlugSchema, requestId: Id }));
const eventAccess = requireEventAccess();

const PlanSchema = z.object({
  visits: z.array(PlannedVisitSchema),
  unplaced: z.array(
    z.object({
      requestId: z.string(),
      reason: z.enum(['no_acceptable_slot', 'composition', 'department_party', 'availability', 'capacity', 'travel', 'max_visits']),
      params: MessageParamsSchema,
      detail: z.string().meta({ description: 'One English sentence for logs' }),
    }),
  ),
  quality: z.record(z.string(), z.number()),
  weightedUpperBound: z.number().meta({ description: 'Proven upper bound on the priority-weighted placement (quality.placedWeighted)' }),
  weightedGap: z.number().meta({ description: 'weightedUpperBound − placedWeighted; 0 means proven optimal on weighted placement' }),
  weightedGapPercent: z.number(),
  upperBound: z.number().meta({ description: 'Proven upper bound on the number of placed requests (the second figure)' }),
  gap: z.number(),
  gapPercent: z.number(),
  boundSource: z.enum(['flow', 'lp', 'mip']).meta({ description: 'flow: the engine’s flow bounds; lp/mip: also the exact model (Node)' }),
  stats: z.object({ iterations: z.number(), elapsedMs: z.number(), stoppedBy: z.string() }).passthrough(),
  warnings: z.array(
    z.object({
      code: z.enum(['wish_not_met', 'locked_unknown_request', 'locked_breaks_rule', 'unknown_zone', 'locked_beyond_bound']),
      requestId: z.string().optional(),
      hostId: z.string().optional(),
      slotId: z.string().optional(),
      params: MessageParamsSchema,
      message: z.string().meta({ description: 'One English sentence for logs' }),
    }),
  ),
});

const VisitSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  slotId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['proposed', 'confirmed']),
  locked: z.boolean(),
  company: z.object({ name: z.string() }).passthrough(),
  address: z.string(),
  hosts: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), role: z.string() }).passthrough()),
});

export const adminVisitsRouter = new Hono<AdminEnv>()
  .post(
    '/events/:slug/plans',
    describe({
      summary: 'Plan visits automatically (nothing is saved)',
      description:
        'Runs the matching engine on every request not confirmed or locked. Returns the proposal with its quality figures and upper bound.',
      tags,
      security,
      responses: { 200: { description: 'The proposal', schema: PlanSchema }, 404: { description: 'No such event' } },
    }),
    eventAccess,
    slugParam,
    validate(
      'json',
      z.strictObject({
        timeBudgetMs: z.number().int().min(100).max(60_000).optional(),
        iterations: z
          .number()
          .int()
          .min(1)
          .max(10_000_000)
          .optional()
          .meta({ description: 'Search iterations; alone (without timeBudgetMs) the same data and seed give the same proposal' }),
        seed: z.number().int().optional(),
      }),
    ),
    async (c) => {
      const result = await c.var.services.visits.propose(c.req.valid('param').slug, c.req.valid('json'));
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .post(
    '/events/:slug/plans/accept',
    describe({
      summary: 'Save a proposal: its visits become proposed',
      tags,
      security,
      responses: {
        200: { description: 'Saved', schema: z.object({ proposed: z.number(), kept: z.number(), withdrawn: z.number() }) },
        404: { description: 'No such event' },
        409: { description: 'The plan breaks a rule or the data changed meanwhile; `errors` lists each breach' },
      },
    }),
    eventAccess,
    slugParam,
    validate('json', z.strictObject({ visits: z.array(PlannedVisitSchema).max(10_000) })),
    async (c) => {
      const result = await c.var.services.visits.accept(c.req.valid('param').slug, c.req.valid('json').visits, c.var.actor);
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .get(
    '/events/:slug/visits',
    describe({
      summary: 'Proposed and confirmed visits',
      tags,
      security,
      responses: {
        200: { description: 'Visits', schema: z.object({ visits: z.array(VisitSchema) }) },
        404: { description: 'No such event' },
      },
    }),
    eventAccess,
    slugParam,
    async (c) => {
      const visits = await c.var.services.visits.list(c.req.valid('param').slug);
      return visits ? c.json({ visits }) : problem(c, { code: 'event_not_found' });
    },
  )
  .post(
    '/events/:slug/visits/confirm',
    describe({
      summary: 'Confirm proposed visits and send their invites',
      description: 'Without `visitIds`, every proposed visit is confirmed.',
      tags,
      security,
      responses: { 200: { description: 'Confirmed', schema: z.object({ confirmed: z.number() }) }, 404: { description: 'No such event' } },
    }),
    eventAccess,
    slugParam,
    validate('json', z.strictObject({ visitIds: z.array(Id).max(10_000).optional() })),
    async (c) => {
      const result = await c.var.services.visits.confirm(c.req.valid('param').slug, c.req.valid('json').visitIds, c.var.actor);
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .post(
    '/events/:slug/visits',
    describe({
      summary: 'Place an unplaced request by hand',
      description:
        'Creates a proposed visit, checked like a change: a breach is refused unless `override` (logged); double-booking always is.',
      tags,
      security,
      responses: {
        201: {
          description: 'Placed',
          schema: z.object({ visitId: z.string(), violations: z.array(z.object({ code: z.string(), message: z.string() }).passthrough()) }),
        },
        404: { description: 'No such event or active request' },
        409: { description: 'A rule would break' },
      },
    }),
    eventAccess,
    slugParam,
    validate('json', PlannedVisitSchema.extend({ override: z.boolean().default(false) })),
    async (c) => {
      const { override, ...visit } = c.req.valid('json');
      const result = await c.var.services.visits.place(c.req.valid('param').slug, visit, { override, actor: c.var.actor });
      return result.ok ? c.json(result.value, 201) : problem(c, result.error);
    },
  )
  .patch(
    '/events/:slug/visits/:id',
    describe({
      summary: 'Move a visit or change its delegation',
      description:
        'Checked against availability, double-booking, travel time, maximum visits and delegation rules. A breach is refused (409, `errors` names it) unless `override` is true, which is logged; double-booking is always refused. A confirmed visit sends updates and cancellations.',
      tags,
      security,
      responses: {
        200: {
          description: 'Changed; `violations` lists any overridden breach',
          schema: z.object({ violations: z.array(z.object({ code: z.string(), message: z.string() }).passthrough()) }),
        },
        404: { description: 'No such visit' },
        409: { description: 'A rule would break' },
      },
    }),
    eventAccess,
    visitParam,
    validate(
      'json',
      z.strictObject({ slotId: Id.optional(), hostIds: z.array(Id).min(1).max(10).optional(), override: z.boolean().default(false) }),
    ),
    async (c) => {
      const { override, ...change } = c.req.valid('json');
      const result = await c.var.services.visits.change(c.req.valid('param').id, change, {
        override,
        actor: c.var.actor,
        eventId: c.var.event.id,
      });
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .post(
    '/events/:slug/visits/:id/lock',
    describe({
      summary: 'Lock or unlock a visit (automatic planning never moves a locked visit)',
      tags,
      security,
      responses: { 200: { description: 'Done', schema: z.object({ locked: z.boolean() }) }, 404: { description: 'No such visit' } },
    }),
    eventAccess,
    visitParam,
    validate('json', z.strictObject({ locked: z.boolean() })),
    async (c) => {
      const result = await c.var.services.visits.setLocked(
        c.req.valid('param').id,
        c.req.valid('json').locked,
        c.var.actor,
        c.var.event.id,
      );
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .put(
    '/events/:slug/visit-requests/:requestId/zone',
    describe({
      summary: 'Set or clear the zone of a visit request',
      description:
        'The area of the municipality where the visit takes place; planning counts travel time between zones. `null` clears it. A zone of another event is refused (422, `errors` names `zoneId`). Written to the audit log.',
      tags,
      security,
      responses: {
        200: {
          description: 'The request’s zone as it is now',
          schema: z.object({ requestId: z.string(), zoneId: z.string().nullable() }),
        },
        404: { description: 'No such event or active visit request' },
        422: { description: 'The zone is not one of the event’s zones' },
      },
    }),
    eventAccess,
    requestParam,
    validate('json', z.strictObject({ zoneId: Id.nullable().meta({ description: 'A zone of the event, or null for none' }) })),
    async (c) => {
      const result = await c.var.services.visits.setRequestZone(
        c.var.event.id,
        { requestId: c.req.valid('param').requestId },
        c.req.valid('json').zoneId,
        c.var.actor,
        apiLanguage(c),
      );
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .post(
    '/events/:slug/visits/:id/cancel',
    describe({
      summary: 'Cancel a visit (a confirmed one sends CANCEL to the company and every host)',
      tags,
      security,
      responses: {
        200: {
          description: 'Cancelled; `notified`: the visit was confirmed, so the company and the hosts were sent a cancellation',
          schema: z.object({ cancelled: z.literal(true), notified: z.boolean() }),
        },
        404: { description: 'No such visit' },
      },
    }),
    eventAccess,
    visitParam,
    validate('json', VisitCancelSchema),
    async (c) => {
      const result = await c.var.services.visits.cancel(c.req.valid('param').id, c.req.valid('json').reason, c.var.actor, c.var.event.id);
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  )
  .post(
    '/events/:slug/visit-queue/serve',
    describe({
      summary: 'Place and confirm what the queue for visits can place now',
      description:
        'In queue order (priority, then when the company first asked), every waiting request that free hosts can serve is placed as the engine suggests and confirmed, so the company and the hosts get their invites. `requestIds` limits it to those requests.',
      tags,
      security,
      responses: {
        200: { description: 'How many visits were placed and confirmed', schema: z.object({ confirmed: z.number().int() }) },
        404: { description: 'No such event' },
      },
    }),
    eventAccess,
    slugParam,
    validate('json', z.strictObject({ requestIds: z.array(Id).max(10_000).optional() })),
    async (c) => {
      const result = await c.var.services.visits.serveQueue(c.req.valid('param').slug, c.req.valid('json').requestIds, c.var.actor);
      return result.ok ? c.json(result.value) : problem(c, result.error);
    },
  );
