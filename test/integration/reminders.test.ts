/**
 * Day-before reminders: queued once the event is less than a day away, exactly once however often the
 * job runs, with a manage link that works, and the host's day for every host with confirmed visits.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDemoRegistrations } from '../../db/demo-registrations.ts';
import { createServices, type Services } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';

let now = new Date();
let harness: Awaited<ReturnType<typeof createTestApp>>;
let services: Services;
let slug: string;

beforeAll(async () => {
  harness = await createTestApp({}, { clock: { now: () => now } });
  services = createServices(harness.deps);
  slug = (await harness.deps.db.selectFrom('events').select('slug').where('slug', 'like', 'stora-motesdagen-%').executeTakeFirstOrThrow())
    .slug;
  await addDemoRegistrations(services, slug, 8);
  const plan = await services.visits.propose(slug, { iterations: 5_000 });
  if (plan.ok) await services.visits.accept(slug, plan.value.visits);
  await services.visits.confirm(slug);
});
afterAll(() => harness?.close());

it('queues nothing early, then one reminder per company and per host with confirmed visits, exactly once', async () => {
  expect(await services.queueReminders()).toBe(0);
  const event = await harness.deps.db.selectFrom('events').select(['starts_at']).where('slug', '=', slug).executeTakeFirstOrThrow();
  now = new Date(new Date(event.starts_at).getTime() - 20 * 3_600_000);

  const hostsWithVisits = new Set(((await services.visits.list(slug)) ?? []).flatMap((v) => v.hosts.map((h) => h.id)));
  const queued = await services.queueReminders();
  expect(queued).toBe(8 + hostsWithVisits.size);
  // Running again, or twice at once, queues nothing more.
  expect(await Promise.all([services.queueReminders(), services.queueReminders()])).toEqual([0, 0]);

  const reminders = await harness.deps.db.selectFrom('outbox').selectAll().where('kind', '=', 'reminder').execute();
  expect(reminders).toHaveLength(queued);
  const company = reminders.find((r) => r.id.startsWith('reminder-') && !r.id.startsWith('reminder-host-'));
  const token = /\/hantera\/([A-Za-z0-9_-]{43})/.exec(await harness.asSent(company?.text ?? ''))?.[1] as string;
  expect(await services.registrations.get(token)).toBeDefined();
});
