/**
 * The benchmark's database: the demo event (program, visit slots, topics, 30 hosts) with every session's
 * capacity raised so that waiting lists do not dominate, and realistic registration bodies for it.
 */
import { demoEventQueries } from '../../db/demo-event.ts';
import { migrateSqlite } from '../../db/migrate.ts';
import { industrySlugs } from '../../src/domain/industries.ts';
import { openSqlite, sqliteBatch } from '../../src/runtime/node.ts';
import { orgNumber } from '../../test/support/registrations.ts';

/** Large enough that no benchmark fills a session (100,000 registrations × ≤ 3 attendees). */
export const BENCH_CAPACITY = 10_000_000;

/** Migrates and seeds a fresh SQLite file; returns the demo event's id and slug. */
export async function prepareDatabase(path: string): Promise<{ eventId: string; slug: string }> {
  const sqlite = openSqlite(path);
  try {
    migrateSqlite(sqlite);
    await sqliteBatch(sqlite).run(demoEventQueries(new Date()));
    sqlite.prepare('UPDATE sessions SET capacity = ?').run(BENCH_CAPACITY);
    const event = sqlite.prepare('SELECT id, slug FROM events LIMIT 1').get() as { id: string; slug: string };
    return { eventId: event.id, slug: event.slug };
  } finally {
    sqlite.close();
  }
}

/** What GET /api/events/{slug} answers, as far as the body generator needs it. */
export interface PublicEvent {
  slug: string;
  sessions: { id: string; startsAt: string; endsAt: string }[];
  topics: { id: string }[];
  visitSlots: { id: string }[];
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const given = ['Anna', 'Erik', 'Maria', 'Johan', 'Sara', 'Lars', 'Fatima', 'Ali', 'Karin', 'Per', 'Elin', 'Mikael'];
const family = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson'];

/** Each attendee's sessions: up to two that do not overlap, as the demo registrations choose. */
export function chooseSessions(event: PublicEvent, n: number, i: number): string[] {
  const chosen: PublicEvent['sessions'] = [];
  for (const session of [pick(event.sessions, n + i), pick(event.sessions, n * 2 + i + 4)]) {
    if (!chosen.some((c) => c.startsAt < session.endsAt && session.startsAt < c.endsAt)) chosen.push(session);
  }
  return chosen.map((s) => s.id);
}

/**
 * The n-th company's registration, shaped like the demo registrations (db/demo-registrations.ts):
 * 1–3 attendees with up to two sessions each, a viewpoint, and a visit request four times in five.
 */
export function registrationInput(event: PublicEvent, n: number) {
  const domain = `bolag${n}.example`;
  const attendees = Array.from({ length: 1 + (n % 3) }, (_, i) => {
    const name = `${pick(given, n * 5 + i * 3)} ${pick(family, n * 3 + i * 5)}`;
    return { name, email: `person${i}@${domain}`, sessionIds: chooseSessions(event, n, i) };
  });
  const wantsVisit = n % 5 !== 4 && event.visitSlots.length > 0;
  return {
    company: {
      orgNumber: orgNumber(n),
      name: `Bänkföretaget ${n} AB`,
      industry: pick(industrySlugs, n * 5),
      address: { street: `Industrivägen ${1 + (n % 90)}`, postalCode: '611 30', city: 'Norrvik' },
    },
    contact: { name: attendees[0]?.name ?? 'Kontakt', email: attendees[0]?.email ?? `info@${domain}`, phone: '070-123 45 67' },
    attendees,
    viewpoints: {
      text: 'Bygglovet tog sju månader. Vi behöver besked snabbare och en kontaktperson som följer ärendet.',
      topics: event.topics.length ? [pick(event.topics, n).id] : [],
    },
    visitRequest: wantsVisit
      ? {
          slotIds: event.visitSlots.filter((_, i) => (i + n) % 3 !== 0).map((s) => s.id),
          topics: event.topics.length ? [...new Set([pick(event.topics, n * 3).id, pick(event.topics, n * 3 + 1).id])] : [],
          participants: 2 + (n % 4),
          message: n % 2 ? 'Parkering finns på gården. Ring på vid entrén.' : '',
        }
      : null,
    consent: true,
    language: n % 6 === 5 ? 'en' : 'sv',
  };
}
