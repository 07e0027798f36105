/** The visible label of the field behind an error path, for the error summary. */
import type { Dictionary } from '../i18n/index.ts';

export function fieldLabel(path: string, t: Dictionary): string {
  const r = t.register;
  const attendee = /^attendees\.(\d+)\.(\w+)/.exec(path);
  if (attendee) {
    const n = Number(attendee[1]) + 1;
    const part = attendee[2];
    return part === 'sessionIds'
      ? r.sessionsFor(n)
      : `${r.attendee(n)}, ${part === 'email' ? r.email.toLowerCase() : r.name.toLowerCase()}`;
  }
  const labels: Record<string, string> = {
    'company.orgNumber': r.orgNumber,
    'company.name': r.companyName,
    'company.industry': r.industry,
    'company.address.street': r.street,
    'company.address.postalCode': r.postalCode,
    'company.address.city': r.city,
    'contact.name': `${r.contact}, ${r.name.toLowerCase()}`,
    'contact.email': `${r.contact}, ${r.email.toLowerCase()}`,
    'contact.phone': `${r.contact}, ${r.phone.toLowerCase()}`,
    attendees: r.attendees,
    'viewpoints.text': r.viewpointsText,
    'viewpoints.topics': r.viewpointsTopics,
    'visitRequest.slotIds': r.visitSlots,
    'visitRequest.topics': r.visitTopics,
    'visitRequest.zoneId': r.visitZone,
    'visitRequest.participants': r.participants,
    'visitRequest.message': r.visitMessage,
    consent: r.consent,
  };
  return labels[path.replace(/\.\d+$/, '')] ?? path;
}
