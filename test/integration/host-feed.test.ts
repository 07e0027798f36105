/** A host's private feed: secret link, rotatable, with ETag. */
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  harness = await createTestApp();
});
afterAll(() => harness?.close());

it('serves a host feed behind a secret token, and rotation ends the old link', async () => {
  const host = await harness.deps.db.selectFrom('hosts').select(['id', 'name']).orderBy('name').executeTakeFirstOrThrow();
  const feeds = createServices(harness.deps).feeds;
  const token = (await feeds.rotateHostFeed(host.id)) as string;
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // Only the hash is stored.
  const stored = await harness.deps.db.selectFrom('hosts').select('feed_token_hash').where('id', '=', host.id).executeTakeFirstOrThrow();
  expect(stored.feed_token_hash).not.toContain(token);

  const response = await harness.app.request(`/api/feeds/hosts/${token}.ics`);
  expect(response.status).toBe(200);
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  expect(calendar.getFirstPropertyValue('x-wr-calname')).toContain(host.name);
  expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
  const etag = response.headers.get('etag') as string;
  expect((await harness.app.request(`/api/feeds/hosts/${token}.ics`, { headers: { 'if-none-match': etag } })).status).toBe(304);

  const next = await feeds.rotateHostFeed(host.id);
  expect(next).not.toBe(token);
  expect((await harness.app.request(`/api/feeds/hosts/${token}.ics`)).status).toBe(404);
  expect((await harness.app.request(`/api/feeds/hosts/${next}.ics`)).status).toBe(200);
});
