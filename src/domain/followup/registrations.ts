/**
 * The organisers' registrations table (search, filters, sorting and paging, all in SQL) and everything about
 * one registration: the company's view of it, its attendees' check-in, its emails with their delivery
 * events, the waiting lists it is on, and the audit rows about it.
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { formatOrgNumber } from '../org-number.ts';
import { loadSessionStates } from '../registration-store.ts';
import type { RegistrationView } from '../registrations.ts';
import { containsPattern, PAGE_SIZE, type RegistrationListQuery, searchVariants } from './queries.ts';

export interface RegistrationRow {
  id: string;
  company: string;
  orgNumber: string;
  industry: string;
  contactName: string;
  contactEmail: string;
  status: 'active' | 'cancelled';
  /** The contact has not confirmed yet: nothing but the request to confirm has been sent ("Väntar på bekräftelse"). */
  awaitingConfirmation: boolean;
  createdAt: string;
  attendees: number;
  confirmed: number;
  waitlisted: number;
  visitRequested: boolean;
}

export interface RegistrationPage {
  rows: RegistrationRow[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

const like = (column: string, pattern: string) => sql<SqlBool>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`;

export async function listRegistrations(db: Kysely<Database>, eventId: string, query: RegistrationListQuery): Promise<RegistrationPage> {
  let base = db.selectFrom('registrations as r').where('r.event_id', '=', eventId).where('r.status', '<>', 'erased');
  if (query.status !== 'all') base = base.where('r.status', '=', query.status);
  if (query.industry) base = base.where('r.company_industry', '=', query.industry);
  if (query.visit) {
    const hasVisit = sql<SqlBool>`EXISTS (SELECT 1 FROM visit_requests q WHERE q.registration_id = r.id AND q.status = 'active')`;
    base = base.where(query.visit === 'yes' ? hasVisit : sql<SqlBool>`NOT ${hasVisit}`);
  }
  if (query.session) {
    // A cancelled registration's places are cancelled with it: it still shows under the sessions it had.
    base = base.where(
      sql<SqlBool>`EXISTS (SELECT 1 FROM session_places p JOIN attendees a ON a.id = p.attendee_id
        WHERE a.registration_id = r.id AND p.session_id = ${query.session} AND (p.status <> 'cancelled' OR r.status <> 'active'))`,
    );
  }
  const q = query.q.trim();
  if (q) {
    const conditions: Expression<SqlBool>[] = [];
    for (const variant of searchVariants(q)) {
      const pattern = containsPattern(variant);
      conditions.push(
        like('r.company_name', pattern),
        like('r.contact_name', pattern),
        like('r.contact_email', pattern),
        sql<SqlBool>`EXISTS (SELECT 1 FROM attendees a WHERE a.registration_id = r.id AND a.removed_at IS NULL
          AND (a.name LIKE ${pattern} ESCAPE '\\' OR a.email LIKE ${pattern} ESCAPE '\\'))`,
      );
    }
    const digits = q.replace(/\D/g, '');
    if (digits.length >= 3 && /^[\d\s-]+$/.test(q)) conditions.push(like('r.company_org_number', containsPattern(digits)));
    base = base.where((eb) => eb.or(conditions));
  }

  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pageCount);

  const attendeeCount = sql<number>`(SELECT count(*) FROM attendees a WHERE a.registration_id = r.id AND a.removed_at IS NULL)`;
  const placeCount = (status: 'confirmed' | 'waitlisted') =>
    sql<number>`(SELECT count(*) FROM session_places p JOIN attendees a ON a.id = p.attendee_id
      WHERE a.registration_id = r.id AND p.status = ${status})`;
  const direction = query.order === 'asc' ? sql`ASC` : sql`DESC`;
  const orderBy =
    query.sort === 'company'
      ? sql`r.company_name COLLATE NOCASE ${direction}, r.id`
      : query.sort === 'attendees'
        ? sql`${attendeeCount} ${direction}, r.company_name COLLATE NOCASE, r.id`
        : sql`r.created_at ${direction}, r.id`;

  const rows = await base
    .select([
      'r.id',
      'r.company_name as company',
      'r.company_org_number as org_number',
      'r.company_industry as industry',
      'r.contact_name',
      'r.contact_email',
      'r.status',
      'r.created_at',
      'r.confirmed_at',
      attendeeCount.as('attendees'),
      placeCount('confirmed').as('confirmed'),
      placeCount('waitlisted').as('waitlisted'),
      sql<number>`EXISTS (SELECT 1 FROM visit_requests q WHERE q.registration_id = r.id AND q.status = 'active')`.as('visit'),
    ])
    .orderBy(orderBy)
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();

  return {
    total,
    page,
    pageCount,
    pageSize: PAGE_SIZE,
    rows: rows.map((r) => ({
      id: r.id,
      company: r.company,
      orgNumber: formatOrgNumber(r.org_number),
      industry: r.industry,
      contactName: r.contact_name,
      contactEmail: r.contact_email,
      status: r.status === 'active' ? 'active' : 'cancelled',
      awaitingConfirmation: r.status === 'active' && r.confirmed_at === null,
      createdAt: r.created_at,
      attendees: Number(r.attendees),
      confirmed: Number(r.confirmed),
      waitlisted: Number(r.waitlisted),
      visitRequested: Number(r.visit) > 0,
    })),
  };
}

export interface DeliveryEventView {
  type: string;
  occurredAt: string;
}

export interface MessageSummary {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string;
  icsMethod: string | null;
  deliveryEvents: DeliveryEventView[];
  /** Failed, bounced or complained: the recipient did not (or will not) get it. */
  problem: boolean;
}

const problemTypes = new Set(['email.bounced', 'email.complained', 'email.failed']);

/** Delivery events of the given outbox rows, oldest first. */
export async function loadDeliveryEvents(db: Kysely<Database>, outboxIds: readonly string[]): Promise<Map<string, DeliveryEventView[]>> {
  const byMessage = new Map<string, DeliveryEventView[]>();
  // D1 takes at most 100 parameters per statement.
  for (let i = 0; i < outboxIds.length; i += 90) {
    const rows = await db
      .selectFrom('delivery_events')
      .select(['outbox_id', 'type', 'occurred_at'])
      .where('outbox_id', 'in', outboxIds.slice(i, i + 90))
      .orderBy('occurred_at')
      .execute();
    for (const row of rows) {
      const list = byMessage.get(row.outbox_id) ?? [];
      list.push({ type: row.type, occurredAt: row.occurred_at });
      byMessage.set(row.outbox_id, list);
    }
  }
  return byMessage;
}

export function summarizeMessage(
  row: {
    id: string;
    kind: string;
    to_address: string;
    subject: string;
    status: MessageSummary['status'];
    attempts: number;
    last_error: string | null;
    created_at: string;
    sent_at: string | null;
    next_attempt_at: string;
    ics_method: string | null;
  },
  events: DeliveryEventView[],
): MessageSummary {
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.next_attempt_at,
    icsMethod: row.ics_method,
    deliveryEvents: events,
    problem: row.status === 'failed' || events.some((e) => problemTypes.has(e.type)),
  };
}

export const messageColumns = [
  'id',
  'kind',
  'to_address',
  'subject',
  'status',
  'attempts',
  'last_error',
  'created_at',
  'sent_at',
  'next_attempt_at',
  'ics_method',
] as const;

export interface WaitingSpot {
  sessionId: string;
  attendeeId: string;
  position: number;
  capacity: number;
  confirmedCount: number;
  full: boolean;
}

export interface RegistrationDetail {
  view: RegistrationView;
  checkedIn: Record<string, string | null>;
  messages: MessageSummary[];
  waiting: WaitingSpot[];
  audit: { action: string; actor: string; createdAt: string }[];
}

export async function registrationDetail(db: Kysely<Database>, view: RegistrationView, eventId: string): Promise<RegistrationDetail> {
  const [attendees, messageRows] = await Promise.all([
    db.selectFrom('attendees').select(['id', 'checked_in_at']).where('registration_id', '=', view.id).execute(),
    // The registration's own messages, by id (not every message that went to one of its addresses).
    db
      .selectFrom('outbox')
      .select([...messageColumns])
      .where('event_id', '=', eventId)
      .where('registration_id', '=', view.id)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(200)
      .execute(),
  ]);
  const events = await loadDeliveryEvents(
    db,
    messageRows.map((m) => m.id),
  );
  const waitingPlaces = view.attendees.flatMap((a) =>
    a.sessions
      .filter((s) => s.status === 'waitlisted')
      .map((s) => ({ attendeeId: a.id, sessionId: s.sessionId, position: s.waitlistPosition ?? 0 })),
  );
  const states = await loadSessionStates(db, [...new Set(waitingPlaces.map((w) => w.sessionId))]);
  const audit = await db
    .selectFrom('audit_log')
    .select(['action', 'actor', 'created_at'])
    .where('event_id', '=', eventId)
    .where((eb) =>
      eb.or([
        eb.and([eb('entity', '=', 'registration'), eb('entity_id', '=', view.id)]),
        eb.and([eb('entity', 'in', ['session_place', 'attendee']), eb('entity_id', 'in', view.attendees.map((a) => a.id).concat(['-']))]),
        eb.and([
          eb('entity', '=', 'visit_request'),
          eb('entity_id', 'in', eb.selectFrom('visit_requests').select('id').where('registration_id', '=', view.id)),
        ]),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return {
    view,
    checkedIn: Object.fromEntries(attendees.map((a) => [a.id, a.checked_in_at])),
    messages: messageRows.map((m) => summarizeMessage(m, events.get(m.id) ?? [])),
    waiting: waitingPlaces.map((w) => {
      const state = states.get(w.sessionId);
      const capacity = state?.capacity ?? 0;
      const confirmedCount = state?.confirmedCount ?? 0;
      return { ...w, capacity, confirmedCount, full: confirmedCount >= capacity };
    }),
    audit: audit.map((a) => ({ action: a.action, actor: a.actor, createdAt: a.created_at })),
  };
}
