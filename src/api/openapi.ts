/**
 * OpenAPI 3.1 generated from the routes themselves. Every /api route carries `describe(…)` for its summary
 * and responses and validates input with `validate(…)`; both leave metadata on their middleware, and
 * `buildOpenApiDocument` reads it back from `app.routes`. So the document uses the very zod schemas the
 * routes validate with, and a route without `describe` is caught by a test, never silently undocumented.
 */
import { zValidator } from '@hono/zod-validator';
import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { fieldErrors } from '../domain/field-errors.ts';
import { apiLanguage } from './language.ts';
import { ProblemSchema, problemResponse } from './problem.ts';

const META = Symbol.for('motesdagen.openapi');

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json, or application/problem+json for 4xx/5xx; several when the path decides (a file's extension). */
  contentType?: string | readonly string[];
}

export interface OperationSpec {
  summary: string;
  description?: string;
  tags: string[];
  responses: Record<number, ResponseSpec>;
  /** Names of security schemes (components.securitySchemes) that grant access. */
  security?: string[];
}

type Meta =
  | { kind: 'operation'; spec: OperationSpec }
  | { kind: 'input'; target: 'json' | 'param' | 'query' | 'header'; schema: z.ZodType };

function withMeta<T extends MiddlewareHandler>(middleware: T, meta: Meta): T {
  Object.defineProperty(middleware, META, { value: meta });
  return middleware;
}

/** Documents a route. Put it first among the route's handlers. */
export function describe(spec: OperationSpec): MiddlewareHandler {
  return withMeta(
    async (_c, next) => {
      await next();
    },
    { kind: 'operation', spec },
  );
}

/** Validates one part of the request with a zod schema; failures answer 422 problem+json naming each field. */
export function validate<Target extends 'json' | 'param' | 'query' | 'header', S extends z.ZodType>(target: Target, schema: S) {
  const middleware = zValidator(target, schema, (result, c) => {
    if (!result.success) {
      return problemResponse({ code: 'validation_failed', fieldErrors: fieldErrors(result.error.issues, apiLanguage(c)) });
    }
  });
  return withMeta(middleware, { kind: 'input', target, schema });
}

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return rest;
};

interface Info {
  title: string;
  version: string;
  description?: string;
}

/** Builds the OpenAPI 3.1 document for every route below /api. */
export function buildOpenApiDocument(app: { routes: Hono['routes'] }, info: Info): Record<string, unknown> {
  const operations = new Map<string, { method: string; path: string; metas: Meta[] }>();
  for (const route of app.routes) {
    if (!route.path.startsWith('/api/') || route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    const entry = operations.get(key) ?? { method: route.method.toLowerCase(), path: route.path, metas: [] };
    const meta = (route.handler as unknown as Record<symbol, Meta | undefined>)[META];
    if (meta) entry.metas.push(meta);
    operations.set(key, entry);
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, metas } of operations.values()) {
    const operation = metas.find((m) => m.kind === 'operation');
    if (operation?.kind !== 'operation') throw new Error(`Route ${method.toUpperCase()} ${path} has no describe(): document it`);
    const openApiPath = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    let requestBody: unknown;
    for (const meta of metas) {
      if (meta.kind !== 'input') continue;
      if (meta.target === 'json') {
        requestBody = { required: true, content: { 'application/json': { schema: toJsonSchema(meta.schema, 'input') } } };
        continue;
      }
      const objectSchema = toJsonSchema(meta.schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(objectSchema.properties ?? {})) {
        parameters.push({
          name,
          in: meta.target === 'param' ? 'path' : meta.target,
          required: meta.target === 'param' || (objectSchema.required ?? []).includes(name),
          schema,
        });
      }
    }
    const { spec } = operation;
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      const isError = Number(status) >= 400;
      const schema = response.schema ?? (isError ? ProblemSchema : undefined);
      const contentTypes = [response.contentType ?? (isError ? 'application/problem+json' : 'application/json')].flat();
      responses[status] = {
        description: response.description,
        ...(schema ? { content: Object.fromEntries(contentTypes.map((type) => [type, { schema: toJsonSchema(schema, 'output') }])) } : {}),
      };
    }
    if (requestBody && !responses['422']) {
      responses['422'] = {
        description: 'Invalid input',
        content: { 'application/problem+json': { schema: toJsonSchema(ProblemSchema, 'output') } },
      };
    }
    paths[openApiPath] ??= {};
    paths[openApiPath][method] = {
      operationId: `${method}${openApiPath.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
      ...(spec.security ? { security: spec.security.map((name) => ({ [name]: [] })) } : {}),
    };
  }

  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An organiser API token' },
      },
    },
  };
}
