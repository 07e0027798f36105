/**
 * Shared reads at the edge come from the Workers Cache API (src/runtime/edge-cache.ts): the event API
 * and the public event page are answered without D1 until a write through the Worker moves the cache's
 * generation; a change that the Worker does not see shows after at most SHARED_READ_MAX_AGE_S.
 *
 * To tell a cached answer from a fresh one, the test changes D1 behind the Worker's back (wrangler d1
 * execute): only an answer that did not read D1 can still show the old value.
 *
 * Runs the built Worker (`npm run build:edge`) under `wrangler dev` with a local D1.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SHARED_READ_MAX_AGE_S } from '../../src/api/page-cache.ts';
import { type EdgeTarget, startEdgeTarget } from '../support/edge-server.ts';
import { CAPACITY_EVENT, fixtureQueries } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

let edge: EdgeTarget;

beforeAll(async () => {
  edge = await startEdgeTarget({ RATE_LIMIT_WRITES_PER_MINUTE: '1000' });
  await edge.apply(fixtureQueries());
}, 180_000);

afterAll(async () => {
  await edge?.stop();
});

const get = (path: string) => fetch(`${edge.baseUrl}${path}`);

interface EventJson {
  name: string;
  sessions: { id: string; remaining: number }[];
}

/** Reads `path` until the cache answers it (its store runs after the first answer has gone out). */
async function cached(path: string): Promise<Response> {
  for (let i = 0; i < 20; i++) {
    const response = await get(path);
    if (response.headers.get('x-edge-cache') === 'hit') return response;
    await response.arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} never came from the cache`);
}

it('answers the event API from the cache until a write through the Worker, then from D1', async () => {
  const path = `/api/events/${CAPACITY_EVENT}`;
  // Changing D1 by hand takes a second or more (a wrangler process): on a slow machine the cached answer may
  // expire meanwhile, so try again (with the name as it then is) until the check fits in the max age.
  let hit: Response | undefined;
  let remaining = 0;
  let expected = `Testdagen ${CAPACITY_EVENT}`;
  for (let attempt = 1; !hit && attempt <= 5; attempt++) {
    const before = (await (await cached(path)).json()) as EventJson;
    const primedAt = Date.now();
    expect(before.name).toBe(expected);
    remaining = before.sessions.find((s) => s.id === 'cap-10')?.remaining as number;
    edge.query(`UPDATE events SET name = 'Ändrad bakom ryggen ${attempt}' WHERE slug = '${CAPACITY_EVENT}'`);
    const answer = await get(path);
    if (Date.now() - primedAt < SHARED_READ_MAX_AGE_S * 1000 - 500) hit = answer;
    else await answer.arrayBuffer();
    expected = `Ändrad bakom ryggen ${attempt}`;
    if (hit) {
      expect(hit.headers.get('x-edge-cache')).toBe('hit');
      expect(((await hit.clone().json()) as EventJson).name).toBe(before.name);
    }
  }
  if (!hit) throw new Error('changing D1 by hand never took less than the max age');
  // What every answer carries is kept on a hit.
  expect(hit.headers.get('content-type')).toMatch(/^application\/json/);
  expect(hit.headers.get('x-content-type-options')).toBe('nosniff');
  expect(hit.headers.get('cache-control')).toBeNull();

  const registered = await fetch(`${edge.baseUrl}/api/events/${CAPACITY_EVENT}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(registrationBody(1, [{ sessionIds: ['cap-10'] }])),
  });
  expect(registered.status).toBe(202);

  const after = await get(path);
  expect(after.headers.get('x-edge-cache')).toBeNull();
  const fresh = (await after.json()) as EventJson;
  expect(fresh.name).toBe(expected);
  expect(fresh.sessions.find((s) => s.id === 'cap-10')?.remaining).toBe(remaining - 1);
});

it('answers the public event page from the cache, stale at most the max age for changes it cannot see', async () => {
  const { events } = (await (await get('/api/events')).json()) as { events: { slug: string }[] };
  const demo = events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug as string;
  const page = await cached(`/evenemang/${demo}`);
  const name = /<h1[^>]*>([^<]+)</.exec(await page.text())?.[1]?.trim() as string;
  expect(name).toBeTruthy();

  const startedAt = Date.now();
  // Only a stale answer proves the cache answered; if changing D1 took longer than the max age, it is gone.
  edge.query(`UPDATE events SET name = 'Nytt namn bakom ryggen' WHERE slug = '${demo}'`);
  const stale = await get(`/evenemang/${demo}`);
  if (Date.now() - startedAt < SHARED_READ_MAX_AGE_S * 1000 - 500) {
    expect(stale.headers.get('x-edge-cache')).toBe('hit');
    expect(await stale.text()).not.toContain('Nytt namn bakom ryggen');
  }

  await new Promise((r) => setTimeout(r, SHARED_READ_MAX_AGE_S * 1000 + 1_000 - (Date.now() - startedAt)));
  // Past the max age the page shows the change. It may come from the cache again: when changing D1 took longer
  // than the max age, the answer above was a miss that stored the new page.
  const later = await get(`/evenemang/${demo}`);
  expect(await later.text()).toContain('Nytt namn bakom ryggen');
});

it('never caches what is made for one visitor', async () => {
  for (const path of ['/api/health', `/anmalan/${CAPACITY_EVENT}`, `/api/events/${CAPACITY_EVENT}?x=1`]) {
    await (await get(path)).arrayBuffer();
    const again = await get(path);
    expect(again.headers.get('x-edge-cache'), path).toBeNull();
    await again.arrayBuffer();
  }
});
