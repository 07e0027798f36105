/**
 * A sole trader registers with the twelve-digit personnummer and a postal code typed without its space: the
 * company is kept under the ten-digit number, and the postal code reads "641 32" in the organisers' export and in
 * the company's own data export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExport } from '../../src/domain/exports.ts';
import { RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { createServices, type Services } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let services: Services;
let token: string;
let eventId: string;

beforeAll(async () => {
  harness = await createTestApp();
  services = createServices(harness.deps);
  const demo = await harness.deps.db
    .selectFrom('events')
    .select(['id', 'slug'])
    .where('slug', 'like', 'stora-motesdagen-%')
    .executeTakeFirstOrThrow();
  eventId = demo.id;
  const event = await services.events.getPublic(demo.slug);
  const input = RegistrationInputSchema.parse({
    company: {
      // Skatteverket's example personnummer, with its century.
      orgNumber: '19811218-9876',
      name: 'Snickare Svensson',
      industry: 'bygg',
      address: { street: 'Hantverkargatan 4', postalCode: '64132', city: 'Katrineholm' },
    },
    contact: { name: 'Sven Svensson', email: 'sven@snickare.example', phone: '070-111 22 33' },
    attendees: [{ name: 'Sven Svensson', email: 'sven@snickare.example', sessionIds: [event?.sessions[0]?.id] }],
    consent: true,
  });
  const created = await services.registrations.register(demo.slug, input, { lang: 'sv' });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  token = created.value.manageToken;
});
afterAll(() => harness?.close());

describe('a sole trader with a postal code typed without its space', () => {
  it('is kept under the ten-digit number, with the postal code as mail writes it', async () => {
    const company = await harness.deps.db
      .selectFrom('registrations')
      .select(['company_org_number as org_number', 'company_postal_code as postal_code'])
      .where('company_name', '=', 'Snickare Svensson')
      .executeTakeFirstOrThrow();
    expect(company).toEqual({ org_number: '8112189876', postal_code: '641 32' });
  });

  it('shows "641 32" in the organisers’ export and the company’s data export', async () => {
    const { csv } = await buildExport(harness.deps.db, eventId, 'registreringar');
    const line = csv.split(/\r?\n/).find((row) => row.includes('Snickare Svensson')) ?? '';
    expect(line).toContain('811218-9876');
    expect(line).toContain('641 32');
    const exported = await services.registrations.exportData(token);
    expect(JSON.stringify(exported)).toContain('"641 32"');
  });
});
