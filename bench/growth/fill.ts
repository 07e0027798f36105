/**
 * Fills a prepared benchmark database (bench/lib/fixture.ts) with `count` registrations fast: rows are
 * inserted directly with better-sqlite3 in large transactions, not through HTTP. The rows are those a real
 * registration writes: company, registration, viewpoint topics, 1–3 attendees with up to two confirmed
 * places each, a visit request with slots and topics (4 in 5), calendar items, and the outbox messages
 * (confirmation, one invite per place, visit-request receipt) with the bodies of a real registration's emails.
 */
import { createHash, randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { createServices } from '../../src/domain/services.ts';
import { createNodeDeps, openSqlite } from '../../src/runtime/node.ts';
import { chooseSessions, type PublicEvent, registrationInput } from '../lib/fixture.ts';

interface Template {
  kind: string;
  subject: string;
  html: string;
  text: string;
  ics: string | null;
  ics_method: string | null;
}

/** One registration through the real service, whose emails serve as the bodies of the generated ones. */
async function emailTemplates(databasePath: string, slug: string): Promise<{ event: PublicEvent; templates: Map<string, Template> }> {
  const deps = createNodeDeps({ databasePath, env: {}, publicUrl: 'http://localhost:4321' });
  try {
    const services = createServices(deps);
    const event = (await services.events.getPublic(slug)) as unknown as PublicEvent;
    const result = await services.registrations.register(slug, RegistrationInputSchema.parse(registrationInput(event, 99_999_999)), {
      lang: 'sv',
    });
    if (!result.ok) throw new Error(`template registration failed: ${result.error.code}`);
    const rows = deps.sqlite.prepare('SELECT kind, subject, html, text, ics, ics_method FROM outbox').all() as Template[];
    return { event, templates: new Map(rows.map((r) => [r.kind, r])) };
  } finally {
    deps.sqlite.close();
  }
}

export async function fillRegistrations(
  databasePath: string,
  slug: string,
  count: number,
  options: { outbox?: boolean } = {},
): Promise<void> {
  const { event, templates } = await emailTemplates(databasePath, slug);
  const sqlite: BetterSqlite3.Database = openSqlite(databasePath);
  const eventId = (sqlite.prepare('SELECT id FROM events WHERE slug = ?').get(slug) as { id: string }).id;
  const q = {
    registration: sqlite.prepare(
      `INSERT INTO registrations (id, event_id, company_org_number, company_name, company_industry, company_street, company_postal_code,
        company_city, contact_name, contact_email, contact_phone, language, viewpoint_text,
        consent_at, manage_token_hash, manage_token_expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    topic: sqlite.prepare('INSERT INTO registration_topics (registration_id, topic_id) VALUES (?, ?)'),
    attendee: sqlite.prepare('INSERT INTO attendees (id, registration_id, name, email, sort, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    place: sqlite.prepare(
      "INSERT INTO session_places (id, session_id, attendee_id, status, created_at, confirmed_at) VALUES (?, ?, ?, 'confirmed', ?, ?)",
    ),
    bump: sqlite.prepare('UPDATE sessions SET places_version = places_version + 1 WHERE id = ?'),
    request: sqlite.prepare(
      `INSERT INTO visit_requests (id, event_id, registration_id, street, postal_code, city, participants, message, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    requestSlot: sqlite.prepare('INSERT INTO visit_request_slots (request_id, slot_id) VALUES (?, ?)'),
    requestTopic: sqlite.prepare('INSERT INTO visit_request_topics (request_id, topic_id) VALUES (?, ?)'),
    calendar: sqlite.prepare(
      "INSERT INTO calendar_items (uid, event_id, sequence, last_method, last_ics, updated_at) VALUES (?, ?, 0, 'REQUEST', ?, ?)",
    ),
    outbox: sqlite.prepare(
      `INSERT INTO outbox (id, event_id, kind, language, to_address, subject, html, text, ics, ics_method, status, attempts,
        next_attempt_at, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'sent', 1, ?, ?, ?)`,
    ),
  };
  const mail = (kind: string, to: string, language: string, stamp: string) => {
    const t = templates.get(kind);
    if (!t || options.outbox === false) return;
    q.outbox.run(randomUUID(), eventId, kind, language, to, t.subject, t.html, t.text, t.ics, t.ics_method, stamp, stamp, stamp);
  };
  const start = Date.parse('2026-01-01T08:00:00Z');
  const insertOne = (n: number) => {
    const input = registrationInput(event, n);
    const stamp = new Date(start + n * 1000).toISOString();
    const registrationId = randomUUID();
    const language = input.language;
    q.registration.run(
      registrationId,
      eventId,
      input.company.orgNumber.replace('-', ''),
      input.company.name,
      input.company.industry,
      input.company.address.street,
      input.company.address.postalCode,
      input.company.address.city,
      input.contact.name,
      input.contact.email,
      input.contact.phone,
      language,
      input.viewpoints.text,
      stamp,
      createHash('sha256').update(registrationId).digest('hex'),
      '2099-01-01T00:00:00.000Z',
      stamp,
      stamp,
    );
    for (const topicId of input.viewpoints.topics) q.topic.run(registrationId, topicId);
    input.attendees.forEach((a, i) => {
      const attendeeId = randomUUID();
      q.attendee.run(attendeeId, registrationId, a.name, a.email, i, stamp);
      for (const sessionId of chooseSessions(event, n, i)) {
        q.place.run(randomUUID(), sessionId, attendeeId, stamp, stamp);
        q.bump.run(sessionId);
        q.calendar.run(`session-${sessionId}-${attendeeId}@motesdagen`, eventId, templates.get('session_invite')?.ics ?? '', stamp);
        mail('session_invite', a.email, language, stamp);
      }
    });
    q.calendar.run(`registration-${registrationId}@motesdagen`, eventId, templates.get('registration_confirmed')?.ics ?? '', stamp);
    mail('registration_confirmed', input.contact.email, language, stamp);
    if (input.visitRequest) {
      const requestId = randomUUID();
      const r = input.visitRequest;
      q.request.run(
        requestId,
        eventId,
        registrationId,
        input.company.address.street,
        '61130',
        'Norrvik',
        r.participants,
        r.message,
        stamp,
        stamp,
      );
      for (const slotId of r.slotIds) q.requestSlot.run(requestId, slotId);
      for (const topicId of r.topics) q.requestTopic.run(requestId, topicId);
      mail('visit_request_received', input.contact.email, language, stamp);
    }
  };
  const chunk = sqlite.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) insertOne(n);
  });
  for (let from = 0; from < count; from += 5_000) chunk(from, Math.min(count, from + 5_000));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}
