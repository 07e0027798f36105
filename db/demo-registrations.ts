/**
 * Demo registrations for the demo event: fictional companies registering through the real registration
 * service (so places, waiting lists and emails are exactly what users would cause), most of them asking
 * for a company visit in one of the event's zones. Deterministic for a given count.
 */

import { industrySlugs } from '../src/domain/industries.ts';
import { hasValidCheckDigit } from '../src/domain/org-number.ts';
import type { RegistrationInput } from '../src/domain/registration-input.ts';
import type { Services } from '../src/domain/services.ts';

const firstParts = [
  'Norrviks',
  'Sjöstadens',
  'Ekbackens',
  'Hamnens',
  'Åbro',
  'Västra',
  'Granängens',
  'Björkviks',
  'Lindö',
  'Stensunds',
  'Kvarn',
  'Tallbackens',
];
const secondParts = [
  'Bygg',
  'Mekaniska',
  'Bageri',
  'Elteknik',
  'Transport',
  'Trädgård',
  'Konsult',
  'Fastigheter',
  'Café',
  'Data',
  'Snickeri',
  'Måleri',
  'Plåt',
  'Logistik',
  'Energi',
];
const forms = ['AB', 'AB', 'AB', 'HB', 'Ekonomisk förening'];
const givenNames = [
  'Anna',
  'Erik',
  'Maria',
  'Johan',
  'Sara',
  'Lars',
  'Fatima',
  'Ali',
  'Karin',
  'Per',
  'Elin',
  'Mikael',
  'Aisha',
  'Nils',
  'Linnéa',
  'Jonas',
];
const familyNames = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Jonsson',
];
const streets = ['Storgatan', 'Industrivägen', 'Hamngatan', 'Verkstadsgatan', 'Kungsgatan', 'Fabriksvägen', 'Mejerigatan', 'Tullgatan'];
const viewpoints = [
  'Bygglovet tog sju månader. Vi behöver besked snabbare och en kontaktperson som följer ärendet.',
  'Fler lokala företag borde kunna lämna anbud. Dela upp upphandlingarna i mindre delar.',
  'Vi hittar inte personal med rätt utbildning. Samarbeta mer med oss kring praktik.',
  'Vägen till industriområdet behöver plogas tidigare på morgonen.',
  'Tillsynsavgifterna är svåra att förstå. Förklara vad vi betalar för.',
  '',
];

/** The n-th valid organisation number in the demo range (5591000000 upwards). */
function demoOrgNumber(n: number): string {
  const nine = String(559100000 + n);
  for (let digit = 0; digit < 10; digit++) if (hasValidCheckDigit(`${nine}${digit}`)) return `${nine}${digit}`;
  throw new Error('unreachable');
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const ascii = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '');

/** Registers `count` demo companies for the event `slug`; returns how many registered. */
export async function addDemoRegistrations(services: Services, slug: string, count: number): Promise<number> {
  const event = await services.events.getPublic(slug);
  if (!event) throw new Error(`no event ${slug}`);
  const sessions = event.sessions;
  let registered = 0;
  for (let n = 0; n < count; n++) {
    const company = `${pick(firstParts, n)} ${pick(secondParts, n * 7 + 3)} ${pick(forms, n * 3)}`;
    const domain = `${ascii(company)}.example`;
    const people = Array.from({ length: 1 + (n % 3) }, (_, i) => {
      const name = `${pick(givenNames, n * 5 + i * 3)} ${pick(familyNames, n * 3 + i * 5)}`;
      // Each attendee takes up to two sessions that do not overlap.
      const chosen: typeof sessions = [];
      for (const session of [pick(sessions, n + i), pick(sessions, n * 2 + i + 4)]) {
        if (!chosen.some((c) => c.startsAt < session.endsAt && session.startsAt < c.endsAt)) chosen.push(session);
      }
      return { name, email: `${ascii(name)}@${domain}`, sessionIds: chosen.map((s) => s.id) };
    });
    const wantsVisit = n % 5 !== 4 && event.visitSlots.length > 0;
    const input: RegistrationInput = {
      company: {
        orgNumber: demoOrgNumber(n),
        name: company,
        industry: pick(industrySlugs, n * 5),
        address: { street: `${pick(streets, n)} ${1 + ((n * 7) % 60)}`, postalCode: `6113${n % 10}`, city: 'Norrvik' },
      },
      contact: {
        name: people[0]?.name ?? 'Kontakt',
        email: people[0]?.email ?? `info@${domain}`,
        phone: `070-${200 + n} ${10 + ((n * 7) % 90)} ${10 + ((n * 13) % 90)}`,
      },
      attendees: people,
      viewpoints: { text: pick(viewpoints, n), topics: event.topics.length ? [pick(event.topics, n).id] : [] },
      visitRequest: wantsVisit
        ? {
            slotIds: event.visitSlots.filter((_, i) => (i + n) % 3 !== 0).map((s) => s.id),
            topics: event.topics.length ? [pick(event.topics, n * 3).id, pick(event.topics, n * 3 + 1).id] : [],
            participants: 2 + (n % 4),
            message: n % 2 ? 'Parkering finns på gården. Ring på vid entrén.' : '',
            // Most companies say where they are, so the demo plan has travel times; some do not know.
            zoneId: event.zones.length && n % 6 !== 2 ? pick(event.zones, n * 5 + 1).id : null,
          }
        : null,
      consent: true,
      language: n % 6 === 5 ? 'en' : 'sv',
    };
    // The organiser's demo stands in for registrations already confirmed: none is held or released after the hold time.
    const result = await services.registrations.register(slug, input, { lang: 'sv', confirmedByOrganiser: true });
    if (result.ok) registered++;
  }
  return registered;
}
