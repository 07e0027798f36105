/**
 * What erasure must reach beyond a registration's own columns, shared by the company's erasure through its
 * manage link and by retention: the registration's company (a sole trader's organisation number is a personnummer
 * and the firm's name is often the owner's; the industry stays, for anonymous statistics) and the audit log's
 * before/after snapshots (the fact of a change stays: who, what, when and which fields; the values go).
 *
 * `personalDataColumns` names every column that can hold personal data; test/integration/erasure.test.ts
 * proves each is emptied, and that every text column of the schema is either listed here or known not to.
 */
import { type CompiledQuery, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';

export const ERASED = '(raderad)';

export const personalDataColumns = {
  registrations: [
    'contact_name',
    'contact_email',
    'contact_phone',
    'viewpoint_text',
    'company_org_number',
    'company_name',
    'company_street',
    'company_postal_code',
    'company_city',
  ],
  attendees: ['name', 'email'],
  visit_requests: ['street', 'postal_code', 'city', 'message'],
  hosts: ['name', 'email', 'phone'],
  outbox: ['to_address', 'subject', 'html', 'text', 'ics', 'last_error'],
  calendar_items: ['last_ics'],
  delivery_events: ['detail'],
  audit_log: ['before_json', 'after_json'],
} as const;

/** An audit snapshot without its values: `{"erased":true,"fields":[…its top-level keys…]}`, NULL stays NULL. */
const scrubbed = (column: 'before_json' | 'after_json') =>
  sql`CASE WHEN ${sql.ref(column)} IS NULL THEN NULL
      ELSE json_object('erased', json('true'), 'fields',
             json(CASE WHEN json_type(${sql.ref(column)}) = 'object'
                       THEN (SELECT json_group_array(key) FROM json_each(${sql.ref(column)})) ELSE '[]' END)) END`;

/** The audit rows about a registration: itself, its attendees, its visit request and that request's visits. */
const registrationEntities = (registrationId: string) => sql`(
  SELECT ${registrationId}
  UNION SELECT id FROM attendees WHERE registration_id = ${registrationId}
  UNION SELECT id FROM visit_requests WHERE registration_id = ${registrationId}
  UNION SELECT v.id FROM visits v JOIN visit_requests q ON q.id = v.request_id WHERE q.registration_id = ${registrationId})`;

/**
 * The registration's company once erased: each registration has its own copy (migration 0011), so erasing one
 * never touches another's. Part of the same UPDATE as the registration's contact.
 */
export const erasedCompany = {
  company_org_number: '',
  company_name: ERASED,
  company_street: '',
  company_postal_code: '',
  company_city: '',
} as const;

/** Statements to run after a registration's own columns are erased (same batch, after that UPDATE). */
export function registrationErasureExtras(registrationId: string): CompiledQuery[] {
  return [
    sql`UPDATE audit_log SET before_json = ${scrubbed('before_json')}, after_json = ${scrubbed('after_json')}
        WHERE entity_id IN ${registrationEntities(registrationId)}`.compile(compiler),
  ];
}

/** Statements retention runs for an event whose time is up (after its registrations and hosts are erased). */
export function eventErasureExtras(eventId: string): CompiledQuery[] {
  return [
    sql`UPDATE audit_log SET before_json = ${scrubbed('before_json')}, after_json = ${scrubbed('after_json')}
        WHERE event_id = ${eventId}
          AND entity IN ('registration', 'attendee', 'visit_request', 'visit', 'host', 'host_availability', 'outbox')`.compile(compiler),
  ];
}
