/**
 * Sentences for the audit entries the integration test does not reach by its changes (a host's own page, a host
 * import, a retried message, a visit placed by hand, a zone, a copied event, an added organiser, a waiting-list
 * promotion), built from the snapshots those code paths write.
 */
import { describe, expect, it } from 'vitest';
import { type AuditNames, describeAuditEntry } from './audit-log.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const names: AuditNames = {
  timeZone: 'Europe/Stockholm',
  sessions: new Map([[id(1), 'Frukostmöte']]),
  hosts: new Map([
    [id(2), 'Pia Politiker'],
    [id(3), 'Olga Tjänsteperson'],
  ]),
  topics: new Map(),
  zones: new Map(),
  slots: new Map([[id(4), { startsAt: '2027-01-21T08:00:00.000Z', endsAt: '2027-01-21T09:00:00.000Z' }]]),
  registrations: new Map([[id(5), 'Åbro Bageri AB']]),
  attendees: new Map([[id(6), { name: 'Anna Andersson', company: 'Åbro Bageri AB' }]]),
  requests: new Map([
    [id(7), 'Åbro Bageri AB'],
    [id(11), null],
  ]),
  visits: new Map([[id(8), 'Åbro Bageri AB']]),
  outbox: new Map([[id(9), 'Din anmälan är bekräftad']]),
  events: new Map([['stora-motesdagen-2026', 'Stora Mötesdagen 2026']]),
};
const words = (entry: { action: string; entity: string; entityId?: string | null; before?: unknown; after?: unknown }) => {
  const { summary, details } = describeAuditEntry(
    { entityId: null, before: null, after: null, ...entry } as Parameters<typeof describeAuditEntry>[0],
    names,
  );
  return [summary, ...details].join(' | ');
};

describe('audit entries in words', () => {
  it.each([
    [
      { action: 'host.availability', entity: 'host', entityId: id(2), after: { slotIds: [id(4)], topicIds: [] } },
      'Angav sin tillgänglighet: 1 besökstid',
    ],
    [
      { action: 'import', entity: 'host', after: { created: ['a@x.se', 'b@x.se'], updated: ['c@x.se'], skippedLines: [4] } },
      'Importerade värdar från fil: 2 nya, 1 ändrad, 1 rad hoppades över',
    ],
    [
      { action: 'retry', entity: 'outbox', entityId: id(9), before: { status: 'failed', attempts: 5 }, after: { status: 'pending' } },
      'Skickade om meddelandet ”Din anmälan är bekräftad”, som hade misslyckats',
    ],
    [
      {
        action: 'visit.place.override',
        entity: 'visit',
        entityId: id(8),
        after: { requestId: id(7), slotId: id(4), hostIds: [id(2), id(3)], violations: ['travel_time'] },
      },
      'Placerade besöket hos Åbro Bageri AB | Tid: 21 jan. 09:00–10:00 | Besökare: Pia Politiker, Olga Tjänsteperson | Med undantag från reglerna',
    ],
    [
      { action: 'visit.follow_request', entity: 'visit', entityId: id(8), before: { requestId: id(7) }, after: { requestId: id(10) } },
      'Flyttade besöket hos Åbro Bageri AB till företagets ändrade önskemål',
    ],
    [
      {
        action: 'visit_request.zone',
        entity: 'visit_request',
        entityId: id(7),
        before: { zoneId: null, zone: null },
        after: { zoneId: id(12), zone: 'Norr' },
      },
      'Ändrade zonen för besöksönskemålet (Åbro Bageri AB) från ingen zon till Norr',
    ],
    [
      {
        action: 'visit_request.zone',
        entity: 'visit_request',
        entityId: id(11),
        before: { erased: true, fields: ['zoneId', 'zone'] },
        after: { erased: true, fields: ['zoneId', 'zone'] },
      },
      'Ändrade zonen för besöksönskemålet (en raderad registrering) | Uppgifterna är raderade.',
    ],
    [
      {
        action: 'copy',
        entity: 'event',
        before: { from: 'stora-motesdagen-2026' },
        after: { name: 'Stora Mötesdagen 2027', sessions: 6, slots: 1, topics: 4, zones: 3, hosts: 30 },
      },
      'Skapade evenemanget som kopia av Stora Mötesdagen 2026 | 6 programpunkter, 1 besökstid, 4 ämnen, 3 zoner och 30 värdar',
    ],
    [
      { action: 'assign', entity: 'event_organiser', after: { email: 'kim@norrvik.example', name: 'Kim Arrangör', role: 'organiser' } },
      'Gav Kim Arrangör (kim@norrvik.example) behörighet som arrangör för evenemanget',
    ],
    [
      {
        action: 'promote',
        entity: 'attendee',
        entityId: id(6),
        before: { sessionId: id(1), status: 'waitlisted', position: 1, capacity: 40 },
        after: { sessionId: id(1), status: 'confirmed', capacity: 40, capacityRaised: false },
      },
      'Gav Anna Andersson (Åbro Bageri AB) en plats från väntelistan på Frukostmöte',
    ],
    [
      {
        action: 'promote_over_capacity',
        entity: 'attendee',
        entityId: id(6),
        before: { sessionId: id(1), status: 'waitlisted', position: 1, capacity: 40 },
        after: { sessionId: id(1), status: 'confirmed', capacity: 41, capacityRaised: true },
      },
      'Gav Anna Andersson (Åbro Bageri AB) en plats från väntelistan på Frukostmöte och höjde kapaciteten från 40 till 41',
    ],
    [
      {
        action: 'update',
        entity: 'event',
        before: { status: 'draft', allowPartyRequest: false },
        after: { status: 'published', allowPartyRequest: true },
      },
      'Ändrade 2 uppgifter för evenemanget | Statusen från utkast till publicerat | Om företag får önska parti från nej till ja',
    ],
    [
      {
        action: 'update',
        entity: 'session',
        entityId: id(1),
        before: { descriptionSv: 'Gammal text' },
        after: { descriptionSv: 'Ny text' },
      },
      'Ändrade beskrivningen för Frukostmöte',
    ],
  ])('%#: %j', (entry, expected) => {
    expect(words(entry)).toBe(expected);
    expect(words(entry)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
