/**
 * Bad input never yields a 500 and never writes: generated malformed bodies thrown at every public
 * route that takes a body get a 4xx problem document naming the fields, and no table changes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { registerAndConfirmIn } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let token: string;

beforeAll(async () => {
  harness = await createTestApp();
  token = (await registerAndConfirmIn(harness, CAPACITY_EVENT, registrationBody(1, [{ sessionIds: ['cap-overlap'] }]))).token;
});
afterAll(() => harness?.close());

const valid = registrationBody(2, [{ sessionIds: ['cap-overlap'] }]);

/**
 * A value of the wrong kind for any field: never a valid string, id list, object or `true`. (Not null
 * and not {}: `visitRequest: null` withdraws a visit request and `viewpoints: {}` takes defaults.)
 */
const wrongValue = fc.oneof(
  fc.integer(),
  // Not NaN or ±Infinity: JSON writes them as null, and `visitRequest: null` is a valid withdrawal.
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean().filter((b) => !b),
  fc.constant(''),
  fc.string({ maxLength: 3 }).map((s) => `${s}\u0000`),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 2 }),
  fc.constant('x'.repeat(5000)),
);

/** Paths into the registration body; replacing any of them with a wrong value makes it invalid. */
const paths = [
  ['company'],
  ['company', 'orgNumber'],
  ['company', 'name'],
  ['company', 'industry'],
  ['company', 'address'],
  ['company', 'address', 'postalCode'],
  ['contact', 'email'],
  ['contact', 'phone'],
  ['attendees'],
  ['attendees', 0, 'email'],
  ['attendees', 0, 'sessionIds'],
  ['consent'],
  ['language'],
  ['visitRequest'],
] as const;

function withValueAt(body: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  cursor[path[path.length - 1] as string | number] = value;
  return copy;
}

const mutatedRegistration = fc.tuple(fc.constantFrom(...paths), wrongValue).map(([path, value]) => withValueAt(valid, path, value));
const unknownField = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter((k) => !(k in valid))
  .map((k) => ({ ...valid, [k]: 1 }));
const notAnObject = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.anything(), { maxLength: 3 }), fc.boolean());
const rawText = fc.oneof(fc.string(), fc.constant('{"company":'), fc.constant('<xml/>'), fc.constant(''));

const changeKeys = ['company', 'contact', 'attendees', 'viewpoints', 'visitRequest', 'language'] as const;
const mutatedChange = fc.tuple(fc.constantFrom(...changeKeys), wrongValue).map(([key, value]) => ({ [key]: value }));

async function expectRejected(path: string, method: string, body: string, before: Record<string, number>) {
  const res = await harness.app.request(path, { method, headers: { 'content-type': 'application/json' }, body });
  expect(res.status, body.slice(0, 200)).toBeGreaterThanOrEqual(400);
  expect(res.status, body.slice(0, 200)).toBeLessThan(500);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await res.json()) as { code: string; errors?: { path: string; message: string }[] };
  expect(problem.errors?.length, `no field errors for ${body.slice(0, 200)}`).toBeGreaterThan(0);
  for (const e of problem.errors ?? []) expect(e.message.length).toBeGreaterThan(0);
  expect(harness.counts()).toEqual(before);
}

describe('malformed input', () => {
  it('POST registrations: only 4xx with field errors, nothing written', async () => {
    const before = harness.counts();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutatedRegistration.map((b) => JSON.stringify(b)),
          unknownField.map((b) => JSON.stringify(b)),
          notAnObject.map((b) => JSON.stringify(b)),
          rawText,
        ),
        (body) => expectRejected(`/api/events/${CAPACITY_EVENT}/registrations`, 'POST', body, before),
      ),
      { numRuns: 300 },
    );
  });

  it('PATCH a registration: only 4xx with field errors, nothing written', async () => {
    const before = harness.counts();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutatedChange.map((b) => JSON.stringify(b)),
          notAnObject.map((b) => JSON.stringify(b)),
          rawText,
        ),
        (body) => expectRejected(`/api/registrations/${token}`, 'PATCH', body, before),
      ),
      { numRuns: 200 },
    );
  });
});

describe('abuse', () => {
  it('limits writes per client with 429 and Retry-After, and counts clients apart', async () => {
    const limited = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '3' });
    try {
      const attempt = (client: string) =>
        limited.app.request(`/api/events/${CAPACITY_EVENT}/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-test-client': client },
          body: '{}',
        });
      for (let i = 0; i < 3; i++) expect((await attempt('a')).status).toBe(422);
      const blocked = await attempt('a');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await blocked.json()) as { code: string }).code).toBe('rate_limited');
      expect((await attempt('b')).status).toBe(422);
      // Reads are never limited.
      expect((await limited.app.request('/api/events')).status).toBe(200);
      // A person posting a form gets a page, not JSON.
      const page = await limited.app.request('/anmalan/kapacitet', {
        method: 'POST',
        headers: { 'x-test-client': 'a' },
        body: new FormData(),
      });
      expect(page.status).toBe(429);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('För många försök');
    } finally {
      await limited.close();
    }
  });
});
