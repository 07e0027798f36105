/** Swedish words and small helpers shared by the organisers' follow-up pages. */
import type { EmailKind } from '../../../../emails/index.ts';
import { industries } from '../../../../src/domain/industries.ts';
import { formatClock } from '../../../../src/domain/time.ts';

export const industryName = new Map<string, string>(industries.map(([slug, sv]) => [slug, sv]));

export const messageStatus: Record<string, string> = {
  pending: 'Väntar',
  sending: 'Skickas',
  sent: 'Skickat',
  failed: 'Misslyckades',
};

export const deliveryEvent: Record<string, string> = {
  'email.delivered': 'Levererat',
  'email.bounced': 'Studsade',
  'email.complained': 'Markerat som skräppost',
  'email.delivery_delayed': 'Försenat',
  'email.failed': 'Kunde inte levereras',
  'email.sent': 'Skickat',
};

/**
 * Every kind of message the outbox holds, in Swedish. Keyed by the one list of kinds (emails/index.ts), so the
 * compiler refuses a kind without its label.
 */
export const messageKind: Record<EmailKind, string> = {
  registration_confirmed: 'Bekräftelse av anmälan',
  registration_changed: 'Ändrad anmälan',
  registration_cancelled: 'Avbokad anmälan',
  waitlist_promoted: 'Plats från väntelistan',
  manage_link_resent: 'Ny länk',
  registration_confirm_request: 'Begäran om bekräftelse',
  registration_released: 'Obekräftad anmälan släppt',
  registration_burst_alert: 'Varning: många anmälningar',
  session_invite: 'Kalenderinbjudan',
  session_invite_cancelled: 'Inställd kalenderinbjudan',
  visit_request_received: 'Besöksönskemål mottaget',
  visit_confirmed: 'Bekräftat företagsbesök',
  visit_assignment: 'Uppdrag: företagsbesök',
  visit_changed: 'Ändrat företagsbesök',
  visit_cancelled: 'Avbokat företagsbesök',
  reminder: 'Påminnelse dagen före',
  organiser_login: 'Inloggningslänk',
  host_invitation: 'Inbjudan till värd',
};

/** The Swedish label of a stored message's kind; a kind no longer made (an old row) shows as stored. */
export const messageKindLabel = (kind: string): string => (Object.hasOwn(messageKind, kind) ? messageKind[kind as EmailKind] : kind);

/** The two files of every export, the workbook first: it is what most organisers open. */
export const downloadFormats = [
  { format: 'xlsx', label: 'Excel' },
  { format: 'csv', label: 'CSV' },
] as const;

/** The page's own URL with some query parameters changed (empty values dropped), for sorting and paging links. */
export function withParams(url: URL, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams(url.searchParams);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(key);
    else params.set(key, String(value));
  }
  for (const key of [...params.keys()]) if (params.get(key) === '') params.delete(key);
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/** "14:05" (or "12 mars 14:05" with the date) in the event's zone. */
export const formatTime = formatClock;
