/** Hosts give their own availability through a private emailed link. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let services: Services;
beforeAll(async () => {
  harness = await createTestApp();
  services = createServices(harness.deps);
});
afterAll(() => harness?.close());

it('mails a private link; the host sees and saves their slots and topics; a new link replaces the old', async () => {
  const host = await harness.deps.db.selectFrom('hosts').selectAll().orderBy('name').executeTakeFirstOrThrow();
  expect(await services.hosts.invite(host.id)).toEqual({ ok: true, value: { queued: true } });
  const mail = await harness.deps.db.selectFrom('outbox').selectAll().where('kind', '=', 'host_invitation').executeTakeFirstOrThrow();
  expect(mail.to_address).toBe(host.email);
  const token = /\/vard\/([A-Za-z0-9_-]{43})/.exec(await harness.asSent(mail.text))?.[1] as string;
  expect(token).toBeDefined();
  expect(host.access_token_hash).toBeNull();

  const page = await services.hosts.page(token);
  expect(page?.host.name).toBe(host.name);
  const [firstSlot, secondSlot] = page?.slots ?? [];
  const [topic] = page?.topics ?? [];
  const saved = await services.hosts.saveOwn(token, {
    slotIds: [firstSlot?.id as string, secondSlot?.id as string],
    topicIds: [topic?.id as string],
  });
  expect(saved.ok).toBe(true);
  const after = await services.hosts.page(token);
  expect(after?.availableSlotIds.sort()).toEqual([firstSlot?.id, secondSlot?.id].sort());
  expect(after?.topicIds).toEqual([topic?.id]);

  const bad = await services.hosts.saveOwn(token, { slotIds: ['not-a-slot'], topicIds: [] });
  expect(bad).toMatchObject({
    ok: false,
    error: { code: 'validation_failed', fieldErrors: [{ path: 'slotIds.0', code: 'unknown_slot' }] },
  });
  // Nothing changed by the refused save.
  expect((await services.hosts.page(token))?.availableSlotIds).toHaveLength(2);

  await services.hosts.invite(host.id);
  expect(await services.hosts.page(token)).toBeUndefined();
});
