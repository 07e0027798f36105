/**
 * The demo event: a realistic but fictional "Stora Mötesdagen" in the fictional Norrviks kommun, eight to
 * nine weeks ahead of `now`, with open registration, a full program, visit slots, zones, topics and hosts,
 * and no companies. Built as compiled statements so it seeds SQLite and D1 alike.
 */
import type { CompiledQuery } from 'kysely';
import { addDays, localDate, localToUtc, weekday } from '../src/domain/time.ts';
import { compiler } from './compiler.ts';

const TZ = 'Europe/Stockholm';

const topics = [
  ['bygglov', 'Bygglov och detaljplaner', 'Building permits and zoning'],
  ['miljo-livsmedel', 'Miljö- och livsmedelskontroll', 'Environmental and food control'],
  ['upphandling', 'Offentlig upphandling', 'Public procurement'],
  ['kompetens', 'Kompetensförsörjning', 'Skills supply'],
  ['infrastruktur', 'Infrastruktur och trafik', 'Infrastructure and transport'],
  ['mark-etablering', 'Mark och etablering', 'Land and business establishment'],
  ['handel-besoksnaring', 'Handel och besöksnäring', 'Retail and tourism'],
  ['service-bemotande', 'Service och bemötande', 'Service and attitude'],
  ['energi-hallbarhet', 'Energi och hållbar omställning', 'Energy and sustainability'],
] as const;

type TopicSlug = (typeof topics)[number][0];

const sessions: {
  kind: 'dialogue' | 'seminar' | 'breakfast' | 'other';
  start: string;
  end: string;
  room: string;
  capacity: number;
  topic: TopicSlug | null;
  sv: string;
  en: string;
  descSv: string;
  descEn: string;
}[] = [
  {
    kind: 'breakfast',
    start: '07:30',
    end: '08:30',
    room: 'Foajén',
    capacity: 120,
    topic: null,
    sv: 'Näringslivsklimatet i Norrvik – läget just nu',
    en: 'The business climate in Norrvik today',
    descSv:
      'Kommunstyrelsens ordförande och näringslivschefen presenterar årets enkätresultat och vad som har hänt sedan förra Mötesdagen.',
    descEn:
      'The chair of the municipal executive board and the head of business development present this year’s survey results and what has happened since the last Mötesdagen.',
  },
  {
    kind: 'dialogue',
    start: '08:45',
    end: '10:00',
    room: 'Sal A',
    capacity: 40,
    topic: 'bygglov',
    sv: 'Bygglov och detaljplaner – snabbare och tydligare',
    en: 'Building permits and zoning – faster and clearer',
    descSv: 'Vad tar för lång tid, vad är otydligt och vad borde vi göra annorlunda? Med bygglovschefen och planchefen.',
    descEn: 'What takes too long, what is unclear and what should we do differently? With the heads of building permits and planning.',
  },
  {
    kind: 'dialogue',
    start: '08:45',
    end: '10:00',
    room: 'Sal B',
    capacity: 30,
    topic: 'miljo-livsmedel',
    sv: 'Miljö- och livsmedelskontroll – tillsyn som hjälper',
    en: 'Environmental and food control – inspections that help',
    descSv: 'Hur blir tillsynen ett stöd för verksamheten? Inspektörer och företagare samtalar om avgifter, besök och rådgivning.',
    descEn: 'How can inspections support your business? Inspectors and business owners discuss fees, visits and advice.',
  },
  {
    kind: 'dialogue',
    start: '08:45',
    end: '10:00',
    room: 'Sal C',
    capacity: 35,
    topic: 'upphandling',
    sv: 'Offentlig upphandling – fler lokala anbud',
    en: 'Public procurement – more local bids',
    descSv: 'Upphandlingsenheten berättar om kommande upphandlingar och lyssnar på vad som hindrar mindre företag från att lämna anbud.',
    descEn: 'The procurement unit presents upcoming tenders and listens to what stops smaller companies from bidding.',
  },
  {
    kind: 'dialogue',
    start: '10:15',
    end: '11:30',
    room: 'Sal A',
    capacity: 40,
    topic: 'kompetens',
    sv: 'Kompetensförsörjning – skola, vuxenutbildning och företag',
    en: 'Skills supply – schools, adult education and business',
    descSv: 'Hur hittar företagen rätt kompetens? Om praktik, yrkesutbildning, språk och att locka folk att flytta hit.',
    descEn: 'How do companies find the right skills? On work placements, vocational training, language and attracting people to move here.',
  },
  {
    kind: 'dialogue',
    start: '10:15',
    end: '11:30',
    room: 'Sal B',
    capacity: 30,
    topic: 'infrastruktur',
    sv: 'Vägar, gator och kollektivtrafik',
    en: 'Roads, streets and public transport',
    descSv: 'Framkomlighet, godstransporter, vinterväghållning och busslinjer till arbetsplatserna.',
    descEn: 'Accessibility, freight, winter road maintenance and bus routes to workplaces.',
  },
  {
    kind: 'seminar',
    start: '10:15',
    end: '11:30',
    room: 'Sal C',
    capacity: 35,
    topic: 'service-bemotande',
    sv: 'En väg in – företagslotsen och e-tjänsterna',
    en: 'One way in – the business guide and e-services',
    descSv: 'Så fungerar företagslotsen, och en förhandsvisning av de nya e-tjänsterna för tillstånd.',
    descEn: 'How the business guide works, and a preview of the new e-services for permits.',
  },
  {
    kind: 'dialogue',
    start: '12:30',
    end: '13:30',
    room: 'Sal A',
    capacity: 25,
    topic: 'mark-etablering',
    sv: 'Mark och etablering – lediga tomter och lokaler',
    en: 'Land and establishment – available plots and premises',
    descSv: 'Kommunens markreserv, pågående detaljplaner för verksamhetsmark och hur en etablering går till.',
    descEn: 'The municipal land reserve, zoning plans in progress for business land and how establishing here works.',
  },
  {
    kind: 'dialogue',
    start: '12:30',
    end: '13:30',
    room: 'Sal B',
    capacity: 30,
    topic: 'handel-besoksnaring',
    sv: 'Ett levande centrum – handel och besöksnäring',
    en: 'A lively town centre – retail and tourism',
    descSv: 'Evenemang, parkering, skyltning och samarbete mellan fastighetsägare, handlare och kommun.',
    descEn: 'Events, parking, signage and cooperation between property owners, retailers and the municipality.',
  },
  {
    kind: 'seminar',
    start: '13:45',
    end: '14:45',
    room: 'Sal C',
    capacity: 50,
    topic: 'energi-hallbarhet',
    sv: 'Energi, effekt och hållbar omställning',
    en: 'Energy, grid capacity and the green transition',
    descSv: 'Elnätets kapacitet, solceller på verksamhetstak och stöd för energieffektivisering.',
    descEn: 'Grid capacity, solar panels on commercial roofs and support for energy efficiency.',
  },
  {
    kind: 'other',
    start: '15:00',
    end: '15:45',
    room: 'Stora salen',
    capacity: 150,
    topic: null,
    sv: 'Avslutning: Vad tar vi med oss?',
    en: 'Closing: What do we take with us?',
    descSv: 'Samtalsledarna sammanfattar dagens dialoger och kommunledningen svarar på vad som händer nu.',
    descEn: 'The moderators sum up the day’s dialogues and the municipal leadership answers what happens next.',
  },
];

const slotTimes = [
  ['08:30', '09:30'],
  ['09:45', '10:45'],
  ['11:00', '12:00'],
  ['13:00', '14:00'],
  ['14:15', '15:15'],
  ['15:30', '16:30'],
] as const;

const zones = [
  ['Centrum', 58.7531, 17.0079],
  ['Hamnen', 58.7455, 17.0205],
  ['Västra industriområdet', 58.7592, 16.9601],
  ['Norra verksamhetsområdet', 58.7812, 17.0011],
  ['Flygplatsen', 58.7886, 16.9122],
  ['Landsbygd syd', 58.6903, 17.0876],
] as const;
type ZoneName = (typeof zones)[number][0];

const politicians: [string, string, string, TopicSlug[], ZoneName][] = [
  ['Anna Lindqvist', 'S', 'Kommunstyrelsens ordförande', ['mark-etablering', 'infrastruktur', 'kompetens'], 'Centrum'],
  ['Erik Johansson', 'M', 'Kommunstyrelsens 1:e vice ordförande', ['upphandling', 'service-bemotande'], 'Centrum'],
  ['Fatima Hassan', 'S', 'Ordförande, Bygg- och miljönämnden', ['bygglov', 'miljo-livsmedel'], 'Centrum'],
  ['Lars Bergström', 'C', 'Ledamot, Bygg- och miljönämnden', ['bygglov', 'energi-hallbarhet'], 'Landsbygd syd'],
  ['Maria Ek', 'KD', 'Ordförande, Tekniska nämnden', ['infrastruktur', 'energi-hallbarhet'], 'Hamnen'],
  ['Johan Nilsson', 'SD', 'Ledamot, Kommunstyrelsen', ['handel-besoksnaring', 'upphandling'], 'Västra industriområdet'],
  ['Sara Holm', 'L', 'Ordförande, Utbildningsnämnden', ['kompetens'], 'Centrum'],
  ['Peter Åberg', 'M', 'Vice ordförande, Tekniska nämnden', ['infrastruktur', 'mark-etablering'], 'Norra verksamhetsområdet'],
  ['Ingrid Sandberg', 'V', 'Ledamot, Arbetsmarknadsnämnden', ['kompetens', 'service-bemotande'], 'Centrum'],
  ['Mohammed Ali', 'S', 'Ordförande, Arbetsmarknadsnämnden', ['kompetens', 'handel-besoksnaring'], 'Hamnen'],
  ['Karin Öberg', 'MP', 'Ledamot, Bygg- och miljönämnden', ['energi-hallbarhet', 'miljo-livsmedel'], 'Centrum'],
  ['Henrik Dahl', 'C', 'Ordförande, Kultur- och fritidsnämnden', ['handel-besoksnaring'], 'Landsbygd syd'],
  ['Eva Strand', 'KD', 'Ledamot, Kommunfullmäktiges presidium', ['service-bemotande', 'upphandling'], 'Flygplatsen'],
  ['Oskar Lund', 'SD', 'Ledamot, Tekniska nämnden', ['infrastruktur'], 'Västra industriområdet'],
];

const officials: [string, string, string, TopicSlug[], ZoneName][] = [
  ['Helena Forsberg', 'Bygglov', 'Bygglovschef', ['bygglov'], 'Centrum'],
  ['David Karlsson', 'Bygglov', 'Bygglovshandläggare', ['bygglov'], 'Centrum'],
  ['Linnea Wallin', 'Planering', 'Planchef', ['bygglov', 'mark-etablering'], 'Centrum'],
  ['Ahmed Yusuf', 'Miljö och livsmedel', 'Miljöinspektör', ['miljo-livsmedel'], 'Hamnen'],
  ['Camilla Berg', 'Miljö och livsmedel', 'Livsmedelsinspektör', ['miljo-livsmedel', 'handel-besoksnaring'], 'Centrum'],
  ['Tomas Hedlund', 'Miljö och livsmedel', 'Enhetschef miljötillsyn', ['miljo-livsmedel', 'energi-hallbarhet'], 'Västra industriområdet'],
  ['Sofia Engström', 'Tekniska divisionen', 'Trafikplanerare', ['infrastruktur'], 'Norra verksamhetsområdet'],
  ['Mikael Persson', 'Tekniska divisionen', 'Gatuchef', ['infrastruktur'], 'Hamnen'],
  ['Elin Björk', 'Tekniska divisionen', 'Energistrateg', ['energi-hallbarhet'], 'Centrum'],
  ['Jonas Lindberg', 'Upphandling', 'Upphandlingschef', ['upphandling'], 'Centrum'],
  ['Amanda Sjöberg', 'Upphandling', 'Upphandlare', ['upphandling', 'service-bemotande'], 'Centrum'],
  ['Nils Eriksson', 'Näringslivskontoret', 'Näringslivschef', ['mark-etablering', 'service-bemotande', 'handel-besoksnaring'], 'Centrum'],
  ['Lina Mattsson', 'Näringslivskontoret', 'Företagslots', ['service-bemotande', 'bygglov'], 'Flygplatsen'],
  ['Gustav Ström', 'Näringslivskontoret', 'Etableringsansvarig', ['mark-etablering'], 'Norra verksamhetsområdet'],
  ['Rebecka Nyberg', 'Arbetsmarknad och vuxenutbildning', 'Arbetsmarknadskonsulent', ['kompetens'], 'Centrum'],
  ['Viktor Axelsson', 'Arbetsmarknad och vuxenutbildning', 'Rektor, vuxenutbildningen', ['kompetens'], 'Landsbygd syd'],
];

/** Deterministic pseudo-random numbers (mulberry32), so the demo looks the same on every start. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');

/** The event day: the first Thursday at least eight weeks after `now`, in Stockholm. */
export function demoEventDate(now: Date): string {
  let date = addDays(localDate(now, TZ), 56);
  while (weekday(date) !== 4) date = addDays(date, 1);
  return date;
}

export const DEMO_ORGANISER_EMAIL = 'arrangor@norrvik.example';

/** Statements that create the demo event, its program, visit planning data, hosts and a demo organiser. */
export function demoEventQueries(now: Date): CompiledQuery[] {
  const date = demoEventDate(now);
  const year = date.slice(0, 4);
  const at = (time: string) => localToUtc(date, time, TZ).toISOString();
  const stamp = now.toISOString();
  const eventId = crypto.randomUUID();
  const random = seeded(2027);
  const queries: CompiledQuery[] = [];

  queries.push(
    compiler
      .insertInto('events')
      .values({
        id: eventId,
        slug: `stora-motesdagen-${year}`,
        name: `Stora Mötesdagen ${year}`,
        description_sv:
          'En dag då företagare och kommun möts. På förmiddagen för vi dialoger om det som betyder mest för företagsklimatet – bygglov, tillsyn, upphandling, kompetens och infrastruktur – och du berättar vad kommunen behöver förändra. Under dagen besöker politiker och tjänstepersoner företag runt om i Norrvik. Anmälan är gratis och öppen för alla företag i kommunen.',
        description_en:
          'A day when businesses and the municipality meet. In the morning we hold dialogues on what matters most to the business climate – building permits, inspections, procurement, skills and infrastructure – and you tell us what the municipality needs to change. During the day, politicians and officials visit companies around Norrvik. Registration is free and open to every company in the municipality.',
        venue_name: 'Norrviks stadshus',
        venue_address: 'Stora torget 1, 641 30 Norrvik',
        time_zone: TZ,
        starts_at: at('07:30'),
        ends_at: at('16:30'),
        registration_opens_at: localToUtc(addDays(localDate(now, TZ), -1), '00:00', TZ).toISOString(),
        registration_closes_at: localToUtc(addDays(date, -7), '23:59', TZ).toISOString(),
        status: 'published',
        organiser_name: 'Näringslivskontoret, Norrviks kommun',
        organiser_email: 'naringsliv@norrvik.example',
        created_at: stamp,
        updated_at: stamp,
      })
      .compile(),
  );

  const topicIds = new Map<TopicSlug, string>();
  topics.forEach(([slug, sv, en], index) => {
    const id = crypto.randomUUID();
    topicIds.set(slug, id);
    queries.push(compiler.insertInto('topics').values({ id, event_id: eventId, slug, name_sv: sv, name_en: en, sort: index }).compile());
  });

  for (const s of sessions) {
    queries.push(
      compiler
        .insertInto('sessions')
        .values({
          id: crypto.randomUUID(),
          event_id: eventId,
          kind: s.kind,
          title_sv: s.sv,
          title_en: s.en,
          description_sv: s.descSv,
          description_en: s.descEn,
          starts_at: at(s.start),
          ends_at: at(s.end),
          room: s.room,
          capacity: s.capacity,
          topic_id: s.topic ? (topicIds.get(s.topic) ?? null) : null,
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
    );
  }

  const slotIds = slotTimes.map(([start, end]) => {
    const id = crypto.randomUUID();
    queries.push(
      compiler
        .insertInto('visit_slots')
        .values({ id, event_id: eventId, starts_at: at(start), ends_at: at(end) })
        .compile(),
    );
    return id;
  });

  const zoneIds = new Map<ZoneName, string>();
  for (const [name, latitude, longitude] of zones) {
    const id = crypto.randomUUID();
    zoneIds.set(name, id);
    queries.push(compiler.insertInto('zones').values({ id, event_id: eventId, name, latitude, longitude }).compile());
  }

  const addHost = (
    kind: 'politician' | 'official',
    [name, group, role, hostTopics, zone]: [string, string, string, TopicSlug[], ZoneName],
  ) => {
    const id = crypto.randomUUID();
    queries.push(
      compiler
        .insertInto('hosts')
        .values({
          id,
          event_id: eventId,
          kind,
          name,
          email: `${slugify(name)}@norrvik.example`,
          party: kind === 'politician' ? group : null,
          roles: kind === 'politician' ? role : '',
          department: kind === 'official' ? group : null,
          title: kind === 'official' ? role : '',
          max_visits_per_day: kind === 'politician' ? 3 : 4,
          start_zone_id: zoneIds.get(zone) ?? null,
          created_at: stamp,
          updated_at: stamp,
        })
        .compile(),
    );
    for (const topic of hostTopics) {
      queries.push(
        compiler
          .insertInto('host_topics')
          .values({ host_id: id, topic_id: topicIds.get(topic) as string })
          .compile(),
      );
    }
    // Most hosts can give half a day or more; a few only one or two slots.
    const available = slotIds.filter(() => random() < 0.65);
    for (const slotId of available.length ? available : [slotIds[Math.floor(random() * slotIds.length)] as string]) {
      queries.push(compiler.insertInto('host_availability').values({ host_id: id, slot_id: slotId }).compile());
    }
  };
  for (const p of politicians) addHost('politician', p);
  for (const o of officials) addHost('official', o);

  const organiserId = crypto.randomUUID();
  queries.push(
    compiler
      .insertInto('organisers')
      .values({ id: organiserId, email: DEMO_ORGANISER_EMAIL, name: 'Demo Arrangör', role: 'admin', created_at: stamp })
      .compile(),
    compiler.insertInto('event_organisers').values({ event_id: eventId, organiser_id: organiserId }).compile(),
  );
  return queries;
}
