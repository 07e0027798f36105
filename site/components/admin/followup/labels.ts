/** Swedish words and small helpers shared by the organisers' follow-up pages. */
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

export const messageKind: Record<string, string> = {
  registration_confirmed: 'Bekräftelse av anmälan',
  registration_changed: 'Ändrad anmälan',
  registration_cancelled: 'Avbokad anmälan',
  session_invite: 'Kalenderinbjudan',
  session_invite_cancelled: 'Inställd kalenderinbjudan',
  waitlist_promoted: 'Plats från väntelistan',
  visit_request_received: 'Besöksönskemål mottaget',
  manage_link_resent: 'Ny länk',
  organiser_login: 'Inloggningslänk',
};

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
