/** Hosts for organisers: list, create, change, availability, private link, CSV import (with a dry run). */
import { Hono } from 'hono';
import { z } from 'zod';
import { AvailabilitySchema, HostImportSchema, HostInputSchema, HostUpdateSchema } from '../../../domain/setup/inputs.ts';
import { type AdminEnv, requireEventAccess } from '../../admin-auth.ts';
import { describe, validate } from '../../openapi.ts';
import { problem } from '../../problem.ts';
import { common, HostSchema, ImportResultSchema, security, send, slugIdParam, slugParam, tags } from './setup-schemas.ts';

export const setupHostsRouter = new Hono<AdminEnv>()
  .get(
    '/events/:slug/hosts',
    describe({
      summary: 'Hosts (politicians and officials) with their topics and availability',
      tags,
      security,
      responses: { 200: { description: 'The hosts', schema: z.object({ hosts: z.array(HostSchema) }) }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    async (c) => c.json({ hosts: await c.var.services.setup.hosts.list(c.var.event.id) }),
  )
  .post(
    '/events/:slug/hosts',
    describe({
      summary: 'Add a host',
      description: 'Politicians need `party`, officials `department`. The email address is unique per event. Written to the audit log.',
      tags,
      security,
      responses: { 201: { description: 'The new host', schema: HostSchema }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    validate('json', HostInputSchema),
    async (c) => send(c, await c.var.services.setup.hosts.create(c.var.actor, c.var.event.id, c.req.valid('json')), 201),
  )
  .get(
    '/events/:slug/hosts/template.csv',
    describe({
      summary: 'The CSV template for importing hosts',
      description: 'UTF-8 with BOM, semicolons, CRLF: opens as columns in Swedish Excel.',
      tags,
      security,
      responses: { 200: { description: 'The template', contentType: 'text/csv', schema: z.string() }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    (c) =>
      c.body(c.var.services.setup.hosts.template(), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="vardar-mall.csv"',
      }),
  )
  .post(
    '/events/:slug/hosts/import',
    describe({
      summary: 'Import hosts from CSV',
      description:
        'Every row is checked; rows with problems are skipped and listed with their line, column and a Swedish message. Good rows create hosts, or update the host with the same email address, all in one change. `?dryRun=true` checks without saving (the preview).',
      tags,
      security,
      responses: { 200: { description: 'What was (or would be) done per row', schema: ImportResultSchema }, ...common },
    }),
    requireEventAccess(),
    slugParam,
    validate('query', z.object({ dryRun: z.enum(['true', 'false']).optional().meta({ description: 'true: check only, save nothing' }) })),
    validate('json', HostImportSchema),
    async (c) =>
      send(
        c,
        await c.var.services.setup.hosts.importCsv(c.var.actor, c.var.event.id, c.req.valid('json').csv, {
          dryRun: c.req.valid('query').dryRun === 'true',
        }),
      ),
  )
  .patch(
    '/events/:slug/hosts/:id',
    describe({
      summary: 'Change a host',
      description: 'Only the fields sent change; `topicIds` replaces the host’s topics. Written to the audit log.',
      tags,
      security,
      responses: { 200: { description: 'The host as it is now', schema: HostSchema }, ...common },
    }),
    requireEventAccess(),
    slugIdParam,
    validate('json', HostUpdateSchema),
    async (c) =>
      send(c, await c.var.services.setup.hosts.update(c.var.actor, c.var.event.id, c.req.valid('param').id, c.req.valid('json'))),
  )
  .delete(
    '/events/:slug/hosts/:id',
    describe({
      summary: 'Remove a host from the event',
      description:
        'Their confirmed visits send them a CANCEL and everyone else in the visit an update, in the same transaction. A visit left short of the planning rules is listed under `attention` on the planning board. Written to the audit log.',
      tags,
      security,
      responses: {
        200: { description: 'Removed', schema: z.object({ visitsAffected: z.number().int() }) },
        ...common,
      },
    }),
    requireEventAccess(),
    slugIdParam,
    async (c) => send(c, await c.var.services.setup.hosts.remove(c.var.actor, c.var.event.id, c.req.valid('param').id)),
  )
  .put(
    '/events/:slug/hosts/:id/availability',
    describe({
      summary: 'Set the slots a host can do',
      description: 'Replaces the host’s availability. Written to the audit log.',
      tags,
      security,
      responses: { 200: { description: 'The host as it is now', schema: HostSchema }, ...common },
    }),
    requireEventAccess(),
    slugIdParam,
    validate('json', AvailabilitySchema),
    async (c) =>
      send(c, await c.var.services.setup.hosts.setAvailability(c.var.actor, c.var.event.id, c.req.valid('param').id, c.req.valid('json'))),
  )
  .post(
    '/events/:slug/hosts/:id/invite',
    describe({
      summary: 'Email the host their private link',
      description: 'A new link each time: any earlier link stops working.',
      tags,
      security,
      responses: { 202: { description: 'Queued', schema: z.object({ queued: z.literal(true) }) }, ...common },
    }),
    requireEventAccess(),
    slugIdParam,
    async (c) => {
      const host = await c.var.services.setup.hosts.get(c.var.event.id, c.req.valid('param').id);
      if (!host) return problem(c, { code: 'not_found' });
      const result = await c.var.services.hosts.invite(host.id);
      return result.ok ? c.json(result.value, 202) : problem(c, result.error);
    },
  );
