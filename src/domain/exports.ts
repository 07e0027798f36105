/**
 * The organisers' spreadsheets: registrations, attendees per session, visits, and the companies'
 * viewpoints grouped by topic. Each is built once as a typed sheet (Swedish headings, a type per column) and
 * written either as CSV for Swedish Excel (csv.ts) or as a real Excel workbook (xlsx.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Cell, toCsv } from './csv.ts';
import { loadViewpoints, type ViewpointQuery } from './followup/viewpoints.ts';
import { industries } from './industries.ts';
import { formatOrgNumber } from './org-number.ts';
import { loadLiveVisits } from './visit-data.ts';
import { overrideText } from './visit-override-text.ts';
import { toXlsx } from './xlsx.ts';

export const exportKinds = ['registreringar', 'deltagare', 'besok', 'synpunkter'] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * What a column holds. `instant` cells are UTC ISO strings, shown in the event's zone; `yesno` cells are
 * booleans, written Ja/Nej; `text` cells are never read as a number, date or formula.
 */
export type ColumnType = 'text' | 'number' | 'yesno' | 'instant';
export interface Column {
  header: string;
  type: ColumnType;
}

export interface Sheet {
  /** The worksheet's name and the file name's last part. */
  kind: ExportKind;
  eventSlug: string;
  timeZone: string;
  columns: Column[];
  rows: Cell[][];
}

const industryName = new Map<string, string>(industries.map(([slug, sv]) => [slug, sv]));
const text = (header: string): Column => ({ header, type: 'text' });
const number = (header: string): Column => ({ header, type: 'number' });
const yesno = (header: string): Column => ({ header, type: 'yesno' });
const instant = (header: string): Column => ({ header, type: 'instant' });

/** "2027-01-21 08:45" in the event's zone: what a spreadsheet user expects, sortable as text. */
function localStamp(instant: string, timeZone: string): string {
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

export const exportFilename = (sheet: Pick<Sheet, 'eventSlug' | 'kind'>, format: ExportFormat) =>
  `${sheet.eventSlug}-${sheet.kind}.${format}`;

/** The sheet as CSV for Swedish Excel: instants as local "YYYY-MM-DD HH:MM" text. */
export function sheetToCsv(sheet: Sheet): string {
  const instants = sheet.columns.map((c) => c.type === 'instant');
  return toCsv(
    sheet.columns.map((c) => c.header),
    sheet.rows.map((row) => row.map((cell, i) => (instants[i] && typeof cell === 'string' ? localStamp(cell, sheet.timeZone) : cell))),
  );
}

/** The CSV export (kept as the simple entry point for callers that only want CSV). */
export async function buildExport(
  db: Kysely<Database>,
  eventId: string,
  kind: ExportKind,
  filter?: ViewpointQuery,
): Promise<{ filename: string; csv: string }> {
  const sheet = await buildSheet(db, eventId, kind, filter);
  return { filename: exportFilename(sheet, 'csv'), csv: sheetToCsv(sheet) };
}

/** One export in either format, as the download route serves it. */
export async function buildExportFile(
  db: Kysely<Database>,
  eventId: string,
  kind: ExportKind,
  format: ExportFormat,
  filter?: ViewpointQuery,
): Promise<{ filename: string; contentType: string; body: string | Uint8Array<ArrayBuffer> }> {
  const sheet = await buildSheet(db, eventId, kind, filter);
  const filename = exportFilename(sheet, format);
  return format === 'csv'
    ? { filename, contentType: 'text/csv; charset=utf-8', body: sheetToCsv(sheet) }
    : { filename, contentType: XLSX_TYPE, body: await toXlsx(sheet) };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The data of one export. `filter` narrows the viewpoints (the other kinds take none). */
export async function buildSheet(db: Kysely<Database>, eventId: string, kind: ExportKind, filter?: ViewpointQuery): Promise<Sheet> {
  const event = await db.selectFrom('events').select(['slug', 'time_zone']).where('id', '=', eventId).executeTakeFirstOrThrow();
  const sheet = (columns: Column[], rows: Cell[][]): Sheet => ({ kind, eventSlug: event.slug, timeZone: event.time_zone, columns, rows });

  if (kind === 'registreringar') {
    const rows = await db
      .selectFrom('registrations as r')
      .select((eb) => [
        'r.company_org_number as org_number',
        'r.company_name as name',
        'r.company_industry as industry',
        'r.company_street as street',
        'r.company_postal_code as postal_code',
        'r.company_city as city',
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
      .orderBy('r.company_name')
      .execute();
    return sheet(
      [
        text('Organisationsnummer'),
        text('Företag'),
        text('Bransch'),
        text('Besöksadress'),
        text('Postnummer'),
        text('Ort'),
        text('Kontaktperson'),
        text('E-post'),
        text('Telefon'),
        number('Deltagare'),
        yesno('Önskar besök'),
        text('Status'),
        text('Språk'),
        instant('Anmäld'),
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
        r.created_at,
      ]),
    );
  }

  if (kind === 'deltagare') {
    const rows = await db
      .selectFrom('session_places as p')
      .innerJoin('sessions as s', 's.id', 'p.session_id')
      .innerJoin('attendees as a', 'a.id', 'p.attendee_id')
      .innerJoin('registrations as r', 'r.id', 'a.registration_id')
      .select([
        's.title_sv',
        's.starts_at',
        's.room',
        'a.name',
        'a.email',
        'r.company_name as company',
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
    return sheet(
      [
        text('Programpunkt'),
        instant('Tid'),
        text('Lokal'),
        text('Deltagare'),
        text('E-post'),
        text('Företag'),
        text('Status'),
        number('Plats i kö'),
        instant('Incheckad'),
      ],
      rows.map((r): Cell[] => [
        r.title_sv,
        r.starts_at,
        r.room,
        r.name,
        r.email,
        r.company,
        r.status === 'confirmed' ? 'Bekräftad' : 'Väntelista',
        r.waitlist_position,
        r.checked_in_at,
      ]),
    );
  }

  if (kind === 'besok') {
    const [visits, hosts] = await Promise.all([
      loadLiveVisits(db, eventId),
      db.selectFrom('hosts').select(['id', 'name']).where('event_id', '=', eventId).execute(),
    ]);
    const hostName = (id: string) => hosts.find((h) => h.id === id)?.name;
    return sheet(
      [
        instant('Start'),
        instant('Slut'),
        text('Företag'),
        text('Adress'),
        text('Kontaktperson'),
        text('Telefon'),
        number('Deltagare från företaget'),
        text('Ämnen'),
        text('Besökare'),
        text('Status'),
        yesno('Låst'),
        text('Undantag från reglerna'),
      ],
      visits.map((v): Cell[] => [
        v.startsAt,
        v.endsAt,
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
    );
  }

  // Viewpoints grouped by topic; a viewpoint with several topics appears under each, one without under "Övrigt".
  const report = await loadViewpoints(db, eventId, filter ?? { industry: '', zone: '', session: '' });
  return sheet(
    [text('Ämne'), text('Företag'), text('Bransch'), text('Synpunkt'), instant('Inkom')],
    report.groups.flatMap((group) =>
      group.viewpoints.map((v): Cell[] => [group.topic, v.company, industryName.get(v.industry) ?? v.industry, v.text, v.receivedAt]),
    ),
  );
}
