/**
 * Subscribable calendars (METHOD:PUBLISH): an event's public program, and each host's confirmed visits
 * behind a secret, rotatable link. DTSTAMP is the newest change in the data, not the clock, so the same
 * data gives the same bytes and ETag, and subscribers' clients get 304 until something changes.
 */
import type { Kysely } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { Database } from '../../db/schema.ts';
import { buildCalendar, type CalendarEventSpec } from '../calendar/ics.ts';
import type { AtomicBatch, Clock } from '../deps.ts';
import { hashSecret, newSecret } from './ids.ts';

export interface Feed {
  ics: string;
  etag: string;
  name: string;
}

async function feed(name: string, events: CalendarEventSpec[], stamp: string): Promise<Feed> {
  const ics = buildCalendar({ method: 'PUBLISH', events, stamp: new Date(stamp), name });
  return { ics, name, etag: `"${(await hashSecret(ics)).slice(0, 32)}"` };
}

/** The newest ISO instant (they sort as text). */
const latest = (values: string[]) => [...values].sort().at(-1) ?? '1970-01-01T00:00:00.000Z';

export function createFeeds(deps: { db: Kysely<Database>; batch: AtomicBatch; clock: Clock }) {
  const { db } = deps;
  return {
    /** The public program of a published event, one VEVENT per session. */
    async program(slug: string, lang: 'sv' | 'en'): Promise<Feed | undefined> {
      const event = await db
        .selectFrom('events')
        .selectAll()
        .where('slug', '=', slug)
        .where('status', 'in', ['published', 'closed'])
        .executeTakeFirst();
      if (!event) return undefined;
      const sessions = await db.selectFrom('sessions').selectAll().where('event_id', '=', event.id).orderBy('starts_at').execute();
      const events = sessions.map((s) => ({
        uid: `program-${s.id}@motesdagen`,
        sequence: 0,
        summary: lang === 'sv' ? s.title_sv : s.title_en,
        description: lang === 'sv' ? s.description_sv : s.description_en,
        location: [s.room, event.venue_name, event.venue_address].filter(Boolean).join(', '),
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        timeZone: event.time_zone,
        organizer: { name: event.organiser_name, email: event.organiser_email },
        attendees: [],
      }));
      return feed(event.name, events, latest([event.updated_at, ...sessions.map((s) => s.updated_at)]));
    },

    /** A host's confirmed visits, found by the hash of the feed token. */
    async host(token: string): Promise<Feed | undefined> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
      const host = await db
        .selectFrom('hosts as h')
        .innerJoin('events as e', 'e.id', 'h.event_id')
        .select(['h.id', 'h.name', 'h.updated_at', 'e.name as event_name', 'e.time_zone', 'e.organiser_name', 'e.organiser_email'])
        .where('h.feed_token_hash', '=', await hashSecret(token))
        .executeTakeFirst();
      if (!host) return undefined;
      const visits = await db
        .selectFrom('visit_hosts as vh')
        .innerJoin('visits as v', 'v.id', 'vh.visit_id')
        .innerJoin('visit_slots as s', 's.id', 'v.slot_id')
        .innerJoin('visit_requests as q', 'q.id', 'v.request_id')
        .innerJoin('registrations as r', 'r.id', 'q.registration_id')
        .leftJoin('calendar_items as ci', 'ci.uid', 'v.calendar_uid')
        .select([
          'v.calendar_uid',
          'v.updated_at',
          's.starts_at',
          's.ends_at',
          'q.street',
          'q.postal_code',
          'q.city',
          'q.message',
          'r.company_name as company',
          'ci.sequence',
        ])
        .where('vh.host_id', '=', host.id)
        .where('vh.released_at', 'is', null)
        .where('v.status', '=', 'confirmed')
        .orderBy('s.starts_at')
        .execute();
      const events = visits.map((v) => ({
        uid: v.calendar_uid,
        sequence: v.sequence ?? 0,
        summary: `Företagsbesök: ${v.company}`,
        description: v.message,
        location: `${v.street}, ${v.postal_code} ${v.city}`,
        startsAt: v.starts_at,
        endsAt: v.ends_at,
        timeZone: host.time_zone,
        organizer: { name: host.organiser_name, email: host.organiser_email },
        attendees: [],
      }));
      return feed(`${host.event_name} – ${host.name}`, events, latest([host.updated_at, ...visits.map((v) => v.updated_at)]));
    },

    /** Issues a new feed token for a host; the old link stops working. Returns the new token. */
    async rotateHostFeed(hostId: string): Promise<string | undefined> {
      const token = newSecret();
      const [result] = await deps.batch.run([
        compiler
          .updateTable('hosts')
          .set({ feed_token_hash: await hashSecret(token), updated_at: deps.clock.now().toISOString() })
          .where('id', '=', hostId)
          .compile(),
      ]);
      return result?.changes ? token : undefined;
    },
  };
}
