/**
 * Erasure reaches every column that can hold personal data: a sole trader registers (personnummer as
 * organisation number, the owner's name as the firm's), an organiser changes the registration (so the audit log
 * holds before/after snapshots), the company asks for its link again, then erases through its manage link; later
 * retention erases the event. After each, no value the company typed is left anywhere in the database, beyond
 * the one documented exception, and the audit log still tells that the change happened and which fields it touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataColumns } from '../../src/domain/erasure.ts';
import { hasValidCheckDigit } from '../../src/domain/org-number.ts';
import { accessFixtures, createTestApp } from '../support/app.ts';
import { confirmationLinkFromOutbox, confirmThrough } from '../support/confirm.ts';

/** Text columns that hold no personal data of companies, attendees or hosts (ids, states, times, event set-up). */
const notPersonal: Record<string, string[]> = {
  api_tokens: ['id', 'organiser_id', 'name', 'token_hash', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'],
  attendees: ['id', 'registration_id', 'checked_in_at', 'created_at', 'removed_at'],
  audit_log: ['id', 'event_id', 'organiser_id', 'actor', 'action', 'entity', 'entity_id', 'created_at'],
  calendar_items: ['uid', 'event_id', 'last_method', 'updated_at'],
  delivery_events: ['id', 'outbox_id', 'type', 'occurred_at'],
  event_organisers: ['event_id', 'organiser_id'],
  // The organiser named on an event, and organisers' own accounts, are staff data kept while they organise.
  events: [
    'id',
    'slug',
    'name',
    'description_sv',
    'description_en',
    'venue_name',
    'venue_address',
    'time_zone',
    'starts_at',
    'ends_at',
    'registration_opens_at',
    'registration_closes_at',
    'status',
    'organiser_name',
    'organiser_email',
    // The privacy notice's controller and contact: the organisation and its data protection officer.
    'privacy_controller',
    'privacy_contact',
    'privacy_legal_basis',
    'personal_data_erased_at',
    'copied_from_event_id',
    'created_at',
    'updated_at',
    'burst_alerted_at',
  ],
  host_availability: ['host_id', 'slot_id'],
  host_topics: ['host_id', 'topic_id'],
  // A politician's party and committee roles and an official's department and title are public roles, which say
  // nothing of anyone once the host's name is gone.
  hosts: [
    'id',
    'event_id',
    'kind',
    'party',
    'roles',
    'department',
    'title',
    'start_zone_id',
    'access_token_hash',
    'feed_token_hash',
    'created_at',
    'updated_at',
  ],
  idempotency_keys: ['scope', 'key', 'request_hash', 'body', 'created_at'],
  login_tokens: ['id', 'organiser_id', 'token_hash', 'expires_at', 'used_at', 'created_at'],
  organiser_sessions: ['id', 'organiser_id', 'token_hash', 'created_at', 'last_seen_at', 'expires_at', 'revoked_at'],
  organisers: ['id', 'email', 'name', 'role', 'created_at', 'disabled_at'],
  place_notices: ['id', 'event_id', 'batch_id', 'kind', 'place_id', 'registration_id', 'created_at'],
  // A proposal under review holds ids and figures; who asked for it is staff data, as in the audit log.
  plan_drafts: ['id', 'event_id', 'created_by', 'plan_json', 'changes_json', 'created_at'],
  outbox: [
    'id',
    'event_id',
    'kind',
    'language',
    'ics_method',
    'status',
    'next_attempt_at',
    'lease_until',
    'provider_message_id',
    'created_at',
    'sent_at',
    'registration_id',
  ],
  registration_topics: ['registration_id', 'topic_id'],
  registrations: [
    'id',
    'event_id',
    'status',
    'language',
    // The industry stays for anonymous statistics (how many companies of each industry came).
    'company_industry',
    'consent_at',
    'manage_token_hash',
    'manage_token_expires_at',
    'created_at',
    'updated_at',
    'cancelled_at',
    'erased_at',
    'confirmed_at',
  ],
  session_places: ['id', 'session_id', 'attendee_id', 'status', 'created_at', 'confirmed_at', 'cancelled_at'],
  sessions: [
    'id',
    'event_id',
    'kind',
    'title_sv',
    'title_en',
    'description_sv',
    'description_en',
    'starts_at',
    'ends_at',
    'room',
    'topic_id',
    'created_at',
    'updated_at',
  ],
  topics: ['id', 'event_id', 'slug', 'name_sv', 'name_en'],
  travel_times: ['from_zone_id', 'to_zone_id'],
  visit_hosts: ['visit_id', 'host_id', 'slot_id', 'released_at'],
  visit_request_slots: ['request_id', 'slot_id'],
  visit_request_topics: ['request_id', 'topic_id'],
  visit_requests: [
    'id',
    'event_id',
    'registration_id',
    'status',
    'zone_id',
    'wants_department',
    'wants_party',
    'created_at',
    'updated_at',
    'withdrawn_at',
  ],
  visit_slots: ['id', 'event_id', 'starts_at', 'ends_at'],
  // A kept rule breach names the rules, host ids and the organiser who kept it: staff data, as on the event.
  visits: [
    'id',
    'event_id',
    'request_id',
    'slot_id',
    'status',
    'calendar_uid',
    'created_at',
    'updated_at',
    'confirmed_at',
    'cancelled_at',
    'override_json',
  ],
  zones: ['id', 'event_id', 'name'],
};

function personnummer(): string {
  for (let digit = 0; digit < 10; digit++) if (hasValidCheckDigit(`800101123${digit}`)) return `800101123${digit}`;
  throw new Error('unreachable');
}

const pnr = personnummer();
/** What the company typed: none of it may be left after erasure. */
const markers = [
  pnr,
  `${pnr.slice(0, 6)}-${pnr.slice(6)}`,
  'Märkesson',
  'markus.markesson',
  '070-555 12 34',
  'Solrosvägen',
  'Hemlig synpunkt',
  'Hemligt meddelande',
  'Lisa Lind',
  'lisa.lind',
];

let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = { at: new Date() };

beforeAll(async () => {
  app = await createTestApp({}, { clock: { now: () => clock.at } });
});
afterAll(() => app?.close());

const call = (path: string, init: RequestInit = {}) => app.app.request(path, init);
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Every text cell in the database holding one of the markers, as `table.column`, with rows to skip left out. */
function leftovers(skip: (table: string, row: Record<string, unknown>) => boolean = () => false): string[] {
  const found = new Set<string>();
  const tables = app.deps.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    for (const row of app.deps.sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
      if (skip(table, row)) continue;
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string' && markers.some((m) => value.includes(m))) found.add(`${table}.${column}`);
      }
    }
  }
  return [...found].sort();
}

describe('erasure', () => {
  it('classifies every text column of the schema: personal data (erased) or not', () => {
    const tables = app.deps.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'd1_migrations'")
      .pluck()
      .all() as string[];
    const unclassified: string[] = [];
    for (const table of tables) {
      const columns = app.deps.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string }[];
      for (const { name, type } of columns) {
        if (type !== 'TEXT') continue;
        const personal = (personalDataColumns as Record<string, readonly string[]>)[table]?.includes(name);
        if (!personal && !notPersonal[table]?.includes(name)) unclassified.push(`${table}.${name}`);
      }
    }
    expect(unclassified).toEqual([]);
  });

  it('leaves nothing of a sole trader after it erases its registration, and nothing after retention', async () => {
    const events = (await (await call('/api/events')).json()) as { events: { slug: string }[] };
    const slug = events.events[0]?.slug as string;
    const event = (await (await call(`/api/events/${slug}`)).json()) as {
      sessions: { id: string }[];
      visitSlots: { id: string }[];
      endsAt: string;
    };
    const body = {
      company: {
        orgNumber: pnr,
        name: 'Markus Märkesson Snickeri',
        industry: 'bygg',
        address: { street: 'Solrosvägen 3', postalCode: '611 30', city: 'Norrvik' },
      },
      contact: { name: 'Markus Märkesson', email: 'markus.markesson@example.se', phone: '070-555 12 34' },
      attendees: [{ name: 'Markus Märkesson', email: 'markus.markesson@example.se', sessionIds: [event.sessions[0]?.id] }],
      viewpoints: { text: 'Hemlig synpunkt om bygglov', topics: [] },
      visitRequest: { slotIds: [event.visitSlots[0]?.id], participants: 1, message: 'Hemligt meddelande' },
      consent: true,
      language: 'sv',
    };
    const created = await call(`/api/events/${slug}/registrations`, { method: 'POST', ...json(body) });
    expect(created.status).toBe(202);
    // The contact confirms by the link in the email: the registration's other messages then go.
    const confirmation = await confirmationLinkFromOutbox(app, body.contact.email);
    await confirmThrough(call, confirmation);
    const registration = { id: confirmation.id };

    // An organiser changes the contact on the company's behalf: the audit log keeps before and after.
    const organiser = accessFixtures.organiser(app.deps.sqlite, { email: 'admin@norrvik.example', role: 'admin' });
    const token = await accessFixtures.apiToken(app.deps.sqlite, organiser);
    const changed = await call(`/api/admin/events/${slug}/registrations/${registration.id}`, {
      method: 'PATCH',
      ...json(
        { contact: { name: 'Lisa Lind', email: 'lisa.lind@example.se', phone: '070-555 12 34' } },
        { authorization: `Bearer ${token}` },
      ),
    });
    expect(changed.status).toBe(200);
    const audit = () =>
      app.deps.sqlite
        .prepare("SELECT before_json, after_json FROM audit_log WHERE entity_id = ? AND action = 'update'")
        .get(registration.id) as {
        before_json: string;
        after_json: string;
      };
    expect(audit().before_json).toContain('Märkesson');

    // Someone registers the company again: its own manage link is mailed to the contact on file. The company then
    // erases with the newest link mailed to it.
    expect((await call(`/api/events/${slug}/registrations`, { method: 'POST', ...json(body) })).status).toBe(202);
    const mailed = app.deps.sqlite
      .prepare("SELECT text FROM outbox WHERE to_address = 'lisa.lind@example.se' ORDER BY created_at DESC")
      .pluck()
      .all() as string[];
    const sent = await Promise.all(mailed.map((text) => app.asSent(text)));
    const link = sent.map((text) => /\/hantera\/([A-Za-z0-9_-]{43})/.exec(text)?.[1]).find(Boolean) as string;
    expect(link).toBeDefined();
    expect((await call(`/api/registrations/${link}/erase`, { method: 'POST' })).status).toBe(200);

    // The confirmation of the cancellation is still on its way to the contact: the one message kept until it is
    // sent and retention removes it.
    const inFlight = (table: string, row: Record<string, unknown>) => table === 'outbox' && row.status === 'pending';
    expect(leftovers(inFlight)).toEqual([]);
    const scrubbed = audit();
    expect(JSON.parse(scrubbed.before_json)).toEqual({
      erased: true,
      fields: ['status', 'contact', 'company', 'attendees', 'visitRequested'],
    });
    expect(JSON.parse(scrubbed.after_json)).toEqual({ erased: true, fields: ['contact'] });
    const company = app.deps.sqlite
      .prepare('SELECT company_org_number, company_name FROM registrations WHERE id = ?')
      .get(registration.id) as { company_org_number: string; company_name: string };
    expect(company).toEqual({ company_org_number: '', company_name: '(raderad)' });

    // A year and a day after the event, retention erases the rest: nothing is left, not even in the outbox.
    clock.at = new Date(Date.parse(event.endsAt) + 366 * 86_400_000);
    expect(await app.deps.db.selectFrom('events').select('slug').where('slug', '=', slug).execute()).toHaveLength(1);
    const { createServices } = await import('../../src/domain/services.ts');
    expect(await createServices(app.deps).eraseExpired()).toContain(slug);
    expect(leftovers()).toEqual([]);
  });
});
