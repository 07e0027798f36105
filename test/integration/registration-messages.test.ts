/**
 * A company's data export and erasure reach its own messages and no one else's. A registration that lists a
 * politician's address as an attendee must not export the politician's host invitation, nor erase it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { createServices, type Services } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';
import { orgNumber } from '../support/registrations.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let services: Services;
let token: string;
let host: { id: string; email: string };

beforeAll(async () => {
  harness = await createTestApp();
  services = createServices(harness.deps);
  const slug = (
    await harness.deps.db.selectFrom('events').select('slug').where('slug', 'like', 'stora-motesdagen-%').executeTakeFirstOrThrow()
  ).slug;
  const event = await services.events.getPublic(slug);
  host = await harness.deps.db.selectFrom('hosts').select(['id', 'email']).where('kind', '=', 'politician').executeTakeFirstOrThrow();
  expect((await services.hosts.invite(host.id)).ok).toBe(true);
  const input = RegistrationInputSchema.parse({
    company: {
      orgNumber: orgNumber(7_701),
      name: 'Låtsasföretaget AB',
      industry: 'bygg',
      address: { street: 'Storgatan 1', postalCode: '611 30', city: 'Norrvik' },
    },
    contact: { name: 'Kim Kontakt', email: 'kim@latsas.example', phone: '070-111 22 33' },
    // Someone types a politician's address as an attendee.
    attendees: [{ name: 'Någon Annan', email: host.email, sessionIds: [event?.sessions[0]?.id] }],
    consent: true,
  });
  const created = await services.registrations.register(slug, input, { lang: 'sv' });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  token = created.value.manageToken;
  // Everything has been sent: erasure removes sent messages.
  harness.deps.sqlite.prepare("UPDATE outbox SET status = 'sent', sent_at = created_at").run();
});
afterAll(() => harness?.close());

describe("a company's messages", () => {
  it('the data export lists the registration’s own messages, not the host invitation sent to the same address', async () => {
    const exported = await services.registrations.exportData(token);
    const kinds = exported?.emailsSent.map((m) => m.kind) ?? [];
    expect(kinds).toContain('registration_confirmed');
    expect(kinds).toContain('session_invite');
    expect(kinds).not.toContain('host_invitation');
  });

  it('erasing the registration removes its own sent messages and leaves the host’s', async () => {
    expect((await services.registrations.erase(token)).ok).toBe(true);
    const left = harness.deps.sqlite.prepare('SELECT kind FROM outbox WHERE to_address = ?').pluck().all(host.email) as string[];
    expect(left).toContain('host_invitation');
    expect(left).not.toContain('session_invite');
  });
});
