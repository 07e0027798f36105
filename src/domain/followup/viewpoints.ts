/**
 * What the companies want the municipality to change (their viewpoints), grouped by topic, for the organisers'
 * report page and its spreadsheets. One query serves both, so the page and the downloaded file always show
 * the same rows for the same filter.
 */
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/schema.ts';
import { industrySlugs } from '../industries.ts';

/** Topic of the viewpoints that name none. */
export const NO_TOPIC = 'Övrigt';

function viewpointQuery(lenient: boolean) {
  const field = <T extends z.ZodType>(schema: T) => (lenient ? schema.catch('' as never) : schema.default('' as never));
  return z.object({
    industry: field(z.enum(['', ...industrySlugs])).meta({ description: 'Only companies of this industry (slug)' }),
    zone: field(z.string().trim().max(64)).meta({ description: 'Only companies whose visit request lies in this zone (id)' }),
    session: field(z.string().trim().max(64)).meta({ description: 'Only companies with an attendee in this session (id)' }),
  });
}

/** The filter as the admin API takes it: an unknown industry is an error naming the field. */
export const ViewpointQuerySchema = viewpointQuery(false);
/** The same for the page, where a hand-edited URL falls back to showing everything. */
export const ViewpointQueryLenient = viewpointQuery(true);
export type ViewpointQuery = z.output<typeof ViewpointQuerySchema>;

export interface Viewpoint {
  registrationId: string;
  company: string;
  industry: string;
  text: string;
  receivedAt: string;
}

export interface ViewpointGroup {
  /** The topic's Swedish name, or NO_TOPIC. */
  topic: string;
  viewpoints: Viewpoint[];
}

export interface ViewpointReport {
  groups: ViewpointGroup[];
  /** Distinct viewpoints (one naming two topics appears in both groups but counts once here). */
  total: number;
}

/**
 * The viewpoints of an event's registrations (cancelled ones too: what a company said still counts; erased ones
 * never), grouped by topic in the event's topic order, NO_TOPIC last; within a topic by company.
 */
export async function loadViewpoints(db: Kysely<Database>, eventId: string, filter: ViewpointQuery): Promise<ViewpointReport> {
  const rows = await db
    .selectFrom('registrations as r')
    .leftJoin('registration_topics as rt', 'rt.registration_id', 'r.id')
    .leftJoin('topics as t', 't.id', 'rt.topic_id')
    .select([
      'r.id',
      't.name_sv as topic',
      'r.company_name as company',
      'r.company_industry as industry',
      'r.viewpoint_text',
      'r.created_at',
    ])
    .where('r.event_id', '=', eventId)
    .where('r.status', '<>', 'erased')
    .where('r.viewpoint_text', '<>', '')
    .$if(filter.industry !== '', (q) => q.where('r.company_industry', '=', filter.industry))
    .$if(filter.zone !== '', (q) =>
      q.where(
        sql<boolean>`EXISTS (SELECT 1 FROM visit_requests q WHERE q.registration_id = r.id AND q.status = 'active'
                             AND q.zone_id = ${filter.zone})`,
      ),
    )
    .$if(filter.session !== '', (q) =>
      q.where(
        sql<boolean>`EXISTS (SELECT 1 FROM attendees a JOIN session_places p ON p.attendee_id = a.id
                             WHERE a.registration_id = r.id AND a.removed_at IS NULL
                               AND p.session_id = ${filter.session} AND p.status <> 'cancelled')`,
      ),
    )
    // Topics in the organisers' order with the topic-less last (NULL sorts first in SQLite).
    .orderBy(sql`t.sort IS NULL`)
    .orderBy('t.sort')
    .orderBy('t.name_sv')
    .orderBy('r.company_name')
    .orderBy('r.created_at')
    .execute();
  const groups: ViewpointGroup[] = [];
  for (const row of rows) {
    const topic = row.topic ?? NO_TOPIC;
    let group = groups.at(-1);
    if (group?.topic !== topic) {
      group = { topic, viewpoints: [] };
      groups.push(group);
    }
    group.viewpoints.push({
      registrationId: row.id,
      company: row.company,
      industry: row.industry,
      text: row.viewpoint_text,
      receivedAt: row.created_at,
    });
  }
  return { groups, total: new Set(rows.map((r) => r.id)).size };
}

/** The choices of the report's filter: the event's zones and sessions, in the order the organisers know them. */
export async function viewpointFilterOptions(db: Kysely<Database>, eventId: string) {
  const [zones, sessions] = await Promise.all([
    db.selectFrom('zones').select(['id', 'name']).where('event_id', '=', eventId).orderBy('name').execute(),
    db
      .selectFrom('sessions')
      .select(['id', 'title_sv as title', 'starts_at as startsAt'])
      .where('event_id', '=', eventId)
      .orderBy('starts_at')
      .orderBy('title_sv')
      .execute(),
  ]);
  return { zones, sessions };
}
