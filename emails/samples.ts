/**
 * Realistic sample data for every template in both languages, for the preview page and the template tests.
 */
import type { AttendeeSessions, EmailEvent, EmailInput, EmailLanguage, VisitDetails } from './types.ts';

const event: EmailEvent = {
  name: 'Stora Mötesdagen 2027',
  organiserName: 'Näringslivskontoret, Nyköpings kommun',
  organiserEmail: 'naringsliv@nykoping.se',
  timeZone: 'Europe/Stockholm',
  venue: 'Culturum, Västra Kvarngatan 48, Nyköping',
};

const manageUrl = 'https://motesdagen.nykoping.se/anmalan/hantera/q8Zr3x1LwVb7mK2nT5yP0a';

const attendees = (lang: EmailLanguage): AttendeeSessions[] => [
  {
    name: 'Åsa Öberg',
    sessions: [
      {
        title: lang === 'sv' ? 'Frukostmöte: Näringslivsklimatet i Nyköping' : 'Breakfast: the business climate in Nyköping',
        startsAt: '2027-01-21T07:00:00.000Z',
        endsAt: '2027-01-21T07:45:00.000Z',
        room: 'Foajén',
        status: 'confirmed',
        waitlistPosition: null,
      },
      {
        title: lang === 'sv' ? 'Dialog: Bygglov och detaljplaner' : 'Dialogue: building permits and local plans',
        startsAt: '2027-01-21T07:45:00.000Z',
        endsAt: '2027-01-21T09:00:00.000Z',
        room: 'Sal Kungsgården',
        status: 'confirmed',
        waitlistPosition: null,
      },
    ],
  },
  {
    name: 'Jörgen Häll',
    sessions: [
      {
        title: lang === 'sv' ? 'Dialog: Kompetensförsörjning och gymnasieskolan' : 'Dialogue: skills supply and upper secondary school',
        startsAt: '2027-01-21T09:15:00.000Z',
        endsAt: '2027-01-21T10:30:00.000Z',
        room: 'Sal Nävekvarn',
        status: 'waitlisted',
        waitlistPosition: 2,
      },
    ],
  },
];

const topics = (lang: EmailLanguage) =>
  lang === 'sv'
    ? ['Bygglov och markfrågor', 'Kompetensförsörjning', 'Upphandling']
    : ['Building permits and land', 'Skills supply', 'Public procurement'];

const visit = (lang: EmailLanguage): VisitDetails => ({
  startsAt: '2027-01-21T12:30:00.000Z',
  endsAt: '2027-01-21T13:30:00.000Z',
  address: 'Industrigatan 4, 611 38 Nyköping',
  topics: topics(lang),
  delegation: [
    { name: 'Märta Ståhlberg', role: lang === 'sv' ? 'Kommunstyrelsens ordförande (S)' : 'Chair of the Municipal Executive Board (S)' },
    {
      name: 'Göran Lindqvist',
      role: lang === 'sv' ? 'Bygglovschef, Samhällsbyggnadsförvaltningen' : 'Head of building permits, Urban Planning',
    },
  ],
});

const session = (lang: EmailLanguage) => ({
  title: lang === 'sv' ? 'Dialog: Bygglov och detaljplaner' : 'Dialogue: building permits and local plans',
  startsAt: '2027-01-21T07:45:00.000Z',
  endsAt: '2027-01-21T09:00:00.000Z',
  room: 'Sal Kungsgården',
});

function samplesIn(lang: EmailLanguage): EmailInput[] {
  const base = { lang, event };
  const company = { recipientName: 'Åsa Öberg', companyName: 'Åkessons Plåt & Smide AB' };
  return [
    { ...base, ...company, kind: 'registration_confirmed', manageUrl, attendees: attendees(lang), visitRequested: true },
    { ...base, ...company, kind: 'registration_changed', manageUrl, attendees: attendees(lang).slice(0, 1), visitRequested: false },
    {
      ...base,
      ...company,
      kind: 'registration_confirm_request',
      confirmUrl: `${manageUrl.replace('/hantera/', '/bekrafta/00000000-0000-4000-8000-000000000000/')}`,
      attendeeCount: 2,
      holdHours: 48,
    },
    { ...base, ...company, kind: 'registration_cancelled' },
    { ...base, ...company, kind: 'registration_released', holdHours: 48 },
    {
      ...base,
      recipientName: 'Eva Organisatör',
      kind: 'registration_burst_alert',
      count: 41,
      minutes: 10,
      threshold: 30,
      adminUrl: 'https://motesdagen.example/admin/events/stora-motesdagen-2027',
    },
    {
      ...base,
      recipientName: 'Jörgen Häll',
      companyName: company.companyName,
      kind: 'waitlist_promoted',
      session: session(lang),
      manageUrl,
    },
    { ...base, ...company, kind: 'manage_link_resent', manageUrl },
    { ...base, ...company, kind: 'session_invite', session: session(lang) },
    { ...base, ...company, kind: 'session_invite_cancelled', session: session(lang) },
    {
      ...base,
      ...company,
      kind: 'visit_request_received',
      manageUrl,
      slots: [
        { startsAt: '2027-01-21T12:30:00.000Z', endsAt: '2027-01-21T13:30:00.000Z' },
        { startsAt: '2027-01-21T14:00:00.000Z', endsAt: '2027-01-21T15:00:00.000Z' },
      ],
      topics: topics(lang),
    },
    { ...base, ...company, kind: 'visit_confirmed', visit: visit(lang), manageUrl },
    {
      ...base,
      kind: 'visit_assignment',
      recipientName: 'Märta Ståhlberg',
      companyName: company.companyName,
      visit: visit(lang),
      contact: { name: 'Åsa Öberg', email: 'asa.oberg@akessonsplat.se', phone: '0155-21 43 65' },
      participants: 3,
      companyMessage:
        lang === 'sv'
          ? 'Vi vill visa den nya lackeringslinjen och prata om hur vi får bygglov för en tillbyggnad. Parkera gärna vid grinden på baksidan.'
          : 'We would like to show the new painting line and talk about a building permit for an extension. Please park by the gate at the back.',
    },
    {
      ...base,
      ...company,
      kind: 'visit_changed',
      audience: 'company',
      visit: visit(lang),
      previous: { startsAt: '2027-01-21T10:00:00.000Z', endsAt: '2027-01-21T11:00:00.000Z', address: 'Industrigatan 4, 611 38 Nyköping' },
    },
    {
      ...base,
      kind: 'visit_cancelled',
      audience: 'host',
      recipientName: 'Göran Lindqvist',
      companyName: company.companyName,
      visit: { startsAt: '2027-01-21T12:30:00.000Z', endsAt: '2027-01-21T13:30:00.000Z', address: 'Industrigatan 4, 611 38 Nyköping' },
      reason:
        lang === 'sv'
          ? 'Företaget har fått förhinder på grund av en leverans.'
          : 'The company cannot receive visitors because of a delivery.',
    },
    { ...base, ...company, kind: 'reminder', audience: 'company', attendees: attendees(lang), visit: visit(lang), manageUrl },
    {
      ...base,
      kind: 'reminder',
      audience: 'host',
      recipientName: 'Märta Ståhlberg',
      visits: [
        { ...visit(lang), companyName: company.companyName },
        {
          ...visit(lang),
          companyName: 'Sörmlands Bröd & Konditori AB',
          startsAt: '2027-01-21T14:00:00.000Z',
          endsAt: '2027-01-21T15:00:00.000Z',
          address: 'Brunnsgatan 12, 611 32 Nyköping',
        },
      ],
    },
    {
      ...base,
      kind: 'organiser_login',
      recipientName: 'Lena Sjöström',
      loginUrl: 'https://motesdagen.nykoping.se/arrangor/logga-in/7hQm2p9XcVz4Lr8sKw1dYe',
      validMinutes: 15,
    },
    {
      ...base,
      kind: 'host_invitation',
      recipientName: 'Åsa Öberg',
      hostUrl: 'https://motesdagen.nykoping.se/vard/Zr4kP0qWm8sTn2vYx6cLbE',
      slots: [
        { startsAt: '2027-08-26T07:00:00.000Z', endsAt: '2027-08-26T08:00:00.000Z' },
        { startsAt: '2027-08-26T11:00:00.000Z', endsAt: '2027-08-26T12:00:00.000Z' },
      ],
    },
  ];
}

/** One sample per template kind (both audiences where a kind has two), in Swedish then English. */
export function sampleEmails(): EmailInput[] {
  return [...samplesIn('sv'), ...samplesIn('en')];
}
