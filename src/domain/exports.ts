/**
 * The organisers' spreadsheets: registrations, attendees per session, visits, and the companies'
 * viewpoints grouped by topic. Swedish headings; CSV for Swedish Excel (csv.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Cell, toCsv } from './csv.ts';
import { industries } from './industries.ts';
import { formatOrgNumber } from './org-number.ts';
import { loadLiveVisits } from './visit-data.ts';
import { overrideText } from './visit-override-text.ts';

export const exportKinds = ['registreringar', 'deltagare', 'besok', 'synpunkter'] as const;
export type ExportKind = (typeof exportKinds)[number];

const industryName = new Map<string, string>(industries.map(([slug, sv]) => [slug, sv]));

/** "2027-01-21 08:45" in the event's zone: what a spreadsheet user expects, sortable as text. */
function localStamp(instant: string | null, timeZone: string): string {
  if (!instant) return '';
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(instant))
    .replace(',', '');
}

export async function buildExport(db: Kysely<Database>, eventId: string, kind: ExportKind): Promise<{ filename: string; csv: string }> {
  const event = await db.selectFrom('events').select(['slug', 'time_zone']).where('id', '=', eventId).executeTakeFirstOrThrow();
  const tz = event.time_zone;
  const filename = `${event.slug}-${kind}.csv`;

  if (kind === 'registreringar') {
    const rows = await db
      .selectFrom('registrations as r')
      .innerJoin('companies as c', 'c.id', 'r.company_id')
      .select((eb) => [
        'c.org_number',
        'c.name',
        'c.industry',
        'c.street',
        'c.postal_code',
        'c.city',
        'r.contact_name',
        'r.contact_email',
        'r.contact_phone',
        'r.status',
        'r.language',
        'r.created_at',
        eb
          .selectFrom('attendees as a')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('a.registration_id', '=', 'r.id')
          .where('a.removed_at', 'is', null)
          .as('attendees'),
        eb
          .selectFrom('visit_requests as q')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('q.registration_id', '=', 'r.id')
          .where('q.status', '=', 'active')
          .as('visit_requested'),
      ])
      .where('r.event_id', '=', eventId)
      .where('r.status', '<>', 'erased')
      .orderBy('c.name')
      .execute();
    return {
      filename,
      csv: toCsv(
        [
          'Organisationsnummer',
          'Företag',
          'Bransch',
          'Besöksadress',
          'Postnummer',
          'Ort',
          'Kontaktperson',
          'E-post',
          'Telefon',
          'Deltagare',
          'Önskar besök',
          'Status',
          'Språk',
          'Anmäld',
        ],
        rows.map((r): Cell[] => [
          formatOrgNumber(r.org_number),
          r.name,
          industryName.get(r.industry) ?? r.industry,
          r.street,
          r.postal_code,
          r.city,
          r.contact_name,
          r.contact_email,
          r.contact_phone,
          Number(r.attendees),
          Number(r.visit_requested) > 0,
          r.status === 'active' ? 'Aktiv' : 'Avbokad',
          r.language,
          localStamp(r.created_at, tz),
        ]),
      ),
    };
  }

  if (kind === 'deltagare') {
    const rows = await db
      .selectFrom('session_places as p')
      .innerJoin('sessions as s', 's.id', 'p.session_id')
      .innerJoin('attendees as a', 'a.id', 'p.attendee_id')
      .innerJoin('registrations as r', 'r.id', 'a.registration_id')
      .innerJoin('companies as c', 'c.id', 'r.company_id')
      .select([
        's.title_sv',
        's.starts_at',
        's.room',
        'a.name',
        'a.email',
        'c.name as company',
        'p.status',
        'p.waitlist_position',
        'a.checked_in_at',
      ])
      .where('s.event_id', '=', eventId)
      .where('p.status', '<>', 'cancelled')
      .orderBy('s.starts_at')
      .orderBy('s.title_sv')
      .orderBy('p.status')
      .orderBy('p.waitlist_position')
      .orderBy('a.name')
      .execute();
    return {
      filename,
      csv: toCsv(
        ['Programpunkt', 'Tid', 'Lokal', 'Deltagare', 'E-post', 'Företag', 'Status', 'Plats i kö', 'Incheckad'],
        rows.map((r): Cell[] => [
          r.title_sv,
          localStamp(r.starts_at, tz),
          r.room,
          r.name,
          r.email,
          r.company,
          r.status === 'confirmed' ? 'Bekräftad' : 'Väntelista',
          r.waitlist_position,
          localStamp(r.checked_in_at, tz),
        ]),
      ),
    };
  }

  if (kind === 'besok') {
    const [visits, hosts] = await Promise.all([
      loadLiveVisits(db, eventId),
      db.selectFrom('hosts').select(['id', 'name']).where('event_id', '=', eventId).execute(),
    ]);
    const hostName = (id: string) => hosts.find((h) => h.id === id)?.name;
    return {
      filename,
      csv: toCsv(
        [
          'Start',
          'Slut',
          'Företag',
          'Adress',
          'Kontaktperson',
          'Telefon',
          'Deltagare från företaget',
          'Ämnen',
          'Besökare',
          'Status',
          'Låst',
          'Undantag från reglerna',
        ],
        visits.map((v): Cell[] => [
          localStamp(v.startsAt, tz),
          localStamp(v.endsAt, tz),
          v.company.name,
          v.address,
          v.company.contactName,
          v.company.contactPhone,
          v.participants,
          v.topics.map((t) => t.sv).join(', '),
          v.hosts.map((h) => `${h.name} (${h.role})`).join('; '),
          v.status === 'confirmed' ? 'Bekräftat' : 'Förslag',
          v.locked,
          v.override ? overrideText(v.override, { host: hostName }) : '',
        ]),
      ),
    };
  }

  // Viewpoints grouped by topic; a viewpoint with several topics appears under each, one without under "Övrigt".
  const rows = await db
    .selectFrom('registrations as r')
    .innerJoin('companies as c', 'c.id', 'r.company_id')
    .leftJoin('registration_topics as rt', 'rt.registration_id', 'r.id')
    .leftJoin('topics as t', 't.id', 'rt.topic_id')
    .select(['t.name_sv as topic', 't.sort', 'c.name as company', 'c.industry', 'r.viewpoint_text', 'r.created_at'])
    .where('r.event_id', '=', eventId)
    .where('r.status', '<>', 'erased')
    .where('r.viewpoint_text', '<>', '')
    .orderBy('t.sort')
    .orderBy('c.name')
    .execute();
  return {
    filename,
    csv: toCsv(
      ['Ämne', 'Företag', 'Bransch', 'Synpunkt', 'Inkom'],
      rows.map((r): Cell[] => [
        r.topic ?? 'Övrigt',
        r.company,
        industryName.get(r.industry) ?? r.industry,
        r.viewpoint_text,
        localStamp(r.created_at, tz),
      ]),
    ),
  };
}
