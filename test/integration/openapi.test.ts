/**
 * The OpenAPI document is valid 3.1 and lists every /api route the app registers.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { createServices } from '../../src/domain/services.ts';
import { planVisits } from '../../src/matching/index.ts';
import { openSqliteEngine, testConfig } from '../support/engines.ts';

describe('OpenAPI document', async () => {
  const engine = await openSqliteEngine();
  const app = createApp({
    services: createServices({
      db: engine.db,
      batch: engine.batch,
      clock: { now: () => new Date() },
      config: testConfig(),
      planner: async (input) => planVisits(input),
    }),
    assets: async (_c, next) => next(),
    peerAddress: () => 'test',
    renderPage: async () => new Response('page'),
  });
  const document = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };

  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every /api route the app answers', () => {
    const registered = new Set(
      app.routes
        .filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL')
        .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`)),
    );
    expect(registered.size).toBeGreaterThanOrEqual(4);
    expect([...documented].sort()).toEqual([...registered].sort());
  });

  it('documents input schemas from the same zod schemas the routes validate with', () => {
    const operation = document.paths['/api/events/{slug}']?.get as {
      parameters: { name: string; in: string; schema: { pattern?: string } }[];
    };
    expect(operation.parameters).toEqual([
      expect.objectContaining({ name: 'slug', in: 'path', schema: expect.objectContaining({ pattern: '^[a-z0-9][a-z0-9-]*$' }) }),
    ]);
  });
});
