/**
 * Extra events for tests, as compiled statements (applied to SQLite directly, to D1 with wrangler):
 *  - `kapacitet`: open registration, one session with 10 places, one overlapping session, one later session;
 *  - `stangd`: registration closed yesterday;
 *  - `besok`: company visits on a small scale: two slots, two politicians and two officials available in both;
 *  - `foretag-a` and `foretag-b`: one company in two events (test/contract/company-per-registration.test.ts);
 *    `foretag-a` has one visit slot, two politicians and two officials.
 * `adminFixtureQueries` adds an organiser with an API token, for tests that plan visits through the admin API.
 */
import { createHash } from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import { compiler } from '../../db/compiler.ts';

export const CAPACITY_EVENT = 'kapacitet';
export const CLOSED_EVENT = 'stangd';
export const VISIT_EVENT = 'besok';
/** Open events of their own for the abuse guards' tests, which pause registration and set a burst threshold. */
export const PAUSE_EVENT = 'paus';
export const BURST_EVENT = 'rusning';
/** The `besok` event's hosts, by id. */
export const VISIT_HOSTS = [
  { id: 'besok-p1', kind: 'politician', name: 'Pia Politiker', email: 'pia@norrvik.example', party: 'S' },
  { id: 'besok-p2', kind: 'politician', name: 'Per Politiker', email: 'per@norrvik.example', party: 'M' },
  { id: 'besok-o1', kind: 'official', name: 'Olga Tjänsteperson', email: 'olga@norrvik.example', department: 'Näringsliv' },
  { id: 'besok-o2', kind: 'official', name: 'Otto Tjänsteperson', email: 'otto@norrvik.example', department: 'Miljö' },
] as const;
/** Two events for one company; the first has visits. */
export const FIRM_EVENTS = ['foretag-a', 'foretag-b'] as const;
export const FIRM_HOSTS = [
  { id: 'foretag-p1', kind: 'politician', name: 'Paula Politiker', email: 'paula@norrvik.example', party: 'C' },
  { id: 'foretag-p2', kind: 'politician', name: 'Pelle Politiker', email: 'pelle@norrvik.example', party: 'L' },
  { id: 'foretag-o1', kind: 'official', name: 'Oskar Tjänsteperson', email: 'oskar@norrvik.example', department: 'Bygg' },
  { id: 'foretag-o2', kind: 'official', name: 'Olle Tjänsteperson', email: 'olle@norrvik.example', department: 'Miljö' },
] as const;
/** A Bearer token of an admin organiser (only its SHA-256 is stored, as for every API token). */
export const FIXTURE_API_TOKEN = `mdg_${'f'.repeat(43)}`;

export function adminFixtureQueries(now = new Date()): CompiledQuery[] {
  const stamp = now.toISOString();
  return [
    compiler
      .insertInto('organisers')
      .values({ id: 'fixture-admin', email: 'fixture-admin@norrvik.example', name: 'Fixturens arrangör', role: 'admin', created_at: stamp })
      .compile(),
    compiler
      .insertInto('api_tokens')
      .values({
        id: 'fixture-token',
        organiser_id: 'fixture-admin',
        name: 'contract tests',
        token_hash: createHash('sha256').update(FIXTURE_API_TOKEN).digest('hex'),
        created_at: stamp,
        expires_at: null,
      })
      .compile(),
  ];
}

export function fixtureQueries(now = new Date()): CompiledQuery[] {
  const stamp = now.toISOString();
  const day = (offset: number, hour: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset, hour)).toISOString();
  const queries: CompiledQuery[] = [];
  const event = (slug: string, opens: string, closes: string) => {
    const id = `event-${slug}`;
    queries.push(
      compiler
        .insertInto('events')
        .values({
          id,
          slug,
          name: `Testdagen ${slug}`,
          venue_name: 'Testhuset',
          venue_address: 'Provgatan 1, 611 30 Norrvik',
          starts_at: day(150, 7),
          ends_at: day(150, 15),
          registration_opens_at: opens,
          registration_closes_at: closes,
          status: 'published',
          organiser_name: 'Testkontoret',
          organiser_email: 'test@norrvik.example',
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
    );
    return id;
  };
  const session = (eventId: string, id: string, start: number, end: number, capacity: number) =>
    queries.push(
      compiler
        .insertInto('sessions')
        .values({
          id,
          event_id: eventId,
          title_sv: `Pass ${id}`,
          title_en: `Session ${id}`,
          starts_at: day(150, start),
          ends_at: day(150, end),
          room: 'Sal 1',
          capacity,
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
    );
  const open = event(CAPACITY_EVENT, day(-1, 0), day(140, 0));
  session(open, 'cap-10', 8, 9, 10);
  session(open, 'cap-overlap', 8, 10, 50);
  session(open, 'cap-later', 11, 12, 1);
  queries.push(
    compiler
      .insertInto('visit_slots')
      .values({ id: 'cap-slot', event_id: open, starts_at: day(150, 13), ends_at: day(150, 14) })
      .compile(),
  );
  session(event(PAUSE_EVENT, day(-1, 0), day(140, 0)), 'paus-1', 8, 9, 50);
  session(event(BURST_EVENT, day(-1, 0), day(140, 0)), 'rusning-1', 8, 9, 500);
  const closed = event(CLOSED_EVENT, day(-10, 0), day(-1, 0));
  session(closed, 'closed-1', 8, 9, 10);

  const visits = event(VISIT_EVENT, day(-1, 0), day(140, 0));
  session(visits, 'besok-session', 7, 8, 100);
  queries.push(
    compiler
      .insertInto('topics')
      .values({ id: 'besok-topic', event_id: visits, slug: 'kompetens', name_sv: 'Kompetens', name_en: 'Skills' })
      .compile(),
    compiler
      .insertInto('visit_slots')
      .values({ id: 'besok-slot-1', event_id: visits, starts_at: day(150, 9), ends_at: day(150, 10) })
      .compile(),
    compiler
      .insertInto('visit_slots')
      .values({ id: 'besok-slot-2', event_id: visits, starts_at: day(150, 12), ends_at: day(150, 13) })
      .compile(),
  );
  const addHost = (eventId: string, host: (typeof VISIT_HOSTS)[number] | (typeof FIRM_HOSTS)[number], slotIds: string[]) =>
    queries.push(
      compiler
        .insertInto('hosts')
        .values({
          id: host.id,
          event_id: eventId,
          kind: host.kind,
          name: host.name,
          email: host.email,
          party: 'party' in host ? host.party : null,
          department: 'department' in host ? host.department : null,
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
      ...slotIds.map((slotId) => compiler.insertInto('host_availability').values({ host_id: host.id, slot_id: slotId }).compile()),
    );
  for (const h of VISIT_HOSTS) addHost(visits, h, ['besok-slot-1', 'besok-slot-2']);

  const [firmA, firmB] = FIRM_EVENTS.map((slug) => event(slug, day(-1, 0), day(140, 0)));
  session(firmA as string, 'foretag-a-session', 7, 8, 100);
  session(firmB as string, 'foretag-b-session', 7, 8, 100);
  queries.push(
    compiler
      .insertInto('topics')
      .values({ id: 'foretag-a-topic', event_id: firmA as string, slug: 'bygglov', name_sv: 'Bygglov', name_en: 'Building permits' })
      .compile(),
    compiler
      .insertInto('visit_slots')
      .values({ id: 'foretag-a-slot', event_id: firmA as string, starts_at: day(150, 9), ends_at: day(150, 10) })
      .compile(),
  );
  for (const h of FIRM_HOSTS) addHost(firmA as string, h, ['foretag-a-slot']);
  return queries;
}

/**
 * Three published events from two organisers, for the public site: two upcoming (Norrvik's sooner than
 * Södervik's) and one of Norrvik's that has ended. Södervik names its own data controller and contact and keeps
 * personal data 30 days; Norrvik leaves the defaults (the organiser, its email, 365 days).
 */
export const PUBLIC_SITE_EVENTS = {
  norrvik: {
    slug: 'norrvik-natverk',
    name: 'Nätverksdagen i Norrvik',
    organiser: 'Norrviks näringslivskontor',
    session: 'Frukost med kommunalrådet',
  },
  sodervik: {
    slug: 'sodervik-foretag',
    name: 'Företagarkvällen i Södervik',
    organiser: 'Söderviks kommun, tillväxtenheten',
    controller: 'Kommunstyrelsen i Söderviks kommun',
    contact: 'dataskyddsombud@sodervik.example',
    retentionDays: 30,
    session: 'Dialog om kompetensförsörjning',
  },
  past: { slug: 'norrvik-forra-aret', name: 'Nätverksdagen i Norrvik i fjol', organiser: 'Norrviks näringslivskontor' },
} as const;

export function publicSiteFixtureQueries(now = new Date()): CompiledQuery[] {
  const stamp = now.toISOString();
  const day = (offset: number, hour: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset, hour)).toISOString();
  const { norrvik, sodervik, past } = PUBLIC_SITE_EVENTS;
  const event = (slug: string, name: string, organiser: string, offset: number, extra: Record<string, string | number> = {}) =>
    compiler
      .insertInto('events')
      .values({
        id: `event-${slug}`,
        slug,
        name,
        venue_name: 'Kommunhuset',
        venue_address: 'Storgatan 1, 641 32 Norrvik',
        starts_at: day(offset, 7),
        ends_at: day(offset, 15),
        registration_opens_at: day(Math.min(offset, 0) - 30, 0),
        registration_closes_at: day(offset - 1, 0),
        status: 'published',
        organiser_name: organiser,
        organiser_email: `kontakt@${slug}.example`,
        created_at: stamp,
        updated_at: stamp,
        ...extra,
      })
      .compile();
  const session = (slug: string, title: string, offset: number) =>
    compiler
      .insertInto('sessions')
      .values({
        id: `${slug}-session`,
        event_id: `event-${slug}`,
        title_sv: title,
        title_en: `${title} (in English)`,
        starts_at: day(offset, 8),
        ends_at: day(offset, 9),
        room: 'Sal A',
        capacity: 20,
        created_at: stamp,
        updated_at: stamp,
      })
      .compile();
  return [
    event(norrvik.slug, norrvik.name, norrvik.organiser, 60),
    session(norrvik.slug, norrvik.session, 60),
    event(sodervik.slug, sodervik.name, sodervik.organiser, 90, {
      privacy_controller: sodervik.controller,
      privacy_contact: sodervik.contact,
      retention_days: sodervik.retentionDays,
    }),
    session(sodervik.slug, sodervik.session, 90),
    event(past.slug, past.name, past.organiser, -20),
  ];
}
