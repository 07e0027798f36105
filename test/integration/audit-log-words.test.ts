/**
 * The audit log in words, over the changes organisers really make: set-up (event, program, slots, topics, zones,
 * travel times, hosts), follow-up (a change and a cancellation on a company's behalf, check-in and its undo) and
 * visits (plan, confirm, lock, unlock, cancel), then a registration erased. Every kind of entry the services
 * wrote gets its own Swedish sentence: no internal id, no code, no JSON, no "something" fallback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDemoRegistrations } from '../../db/demo-registrations.ts';
import type { Actor } from '../../src/domain/access/policy.ts';
import { type AuditLine, auditLogInWords } from '../../src/domain/followup/audit-log.ts';
import { createServices } from '../../src/domain/services.ts';
import { createTestApp, accessFixtures as fx } from '../support/app.ts';
import { registerAndConfirmIn } from '../support/confirm.ts';
import { registrationBody } from '../support/registrations.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
let harness: Awaited<ReturnType<typeof createTestApp>>;
const lines: AuditLine[] = [];
let kinds: { entity: string; action: string }[] = [];

const all = { who: '', kind: '', from: '', to: '', page: 1 } as const;
const ok = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
};

beforeAll(async () => {
  harness = await createTestApp();
  const services = createServices(harness.deps);
  const { db, sqlite } = harness.deps;
  const event = await db.selectFrom('events').select(['id', 'slug']).where('slug', 'like', 'stora-motesdagen-%').executeTakeFirstOrThrow();
  const organiserId = fx.organiser(sqlite, { email: 'lena.logg@norrvik.example', name: 'Lena Logg', role: 'admin' });
  const actor: Actor = {
    organiserId,
    email: 'lena.logg@norrvik.example',
    name: 'Lena Logg',
    role: 'admin',
    eventIds: [],
    via: { kind: 'token', tokenId: 'test' },
  };
  const setup = services.setup;
  await addDemoRegistrations(services, event.slug, 10);

  // Set-up.
  ok(await setup.events.update(actor, event.id, { venueName: 'Nya hallen', maxDelegationSize: 4 }));
  ok(await setup.events.update(actor, event.id, { retentionDays: 200 }));
  const day = (await setup.events.get(event.id))?.date as string;
  const session = ok(
    await setup.sessions.create(actor, event.id, {
      titleSv: 'Lunchseminarium',
      titleEn: 'Lunch seminar',
      kind: 'seminar',
      date: day,
      startTime: '12:00',
      endTime: '13:00',
      capacity: 40,
    }),
  );
  ok(await setup.sessions.update(actor, event.id, session.id, { capacity: 50 }));
  ok(await setup.sessions.update(actor, event.id, session.id, { room: 'Sal B', titleSv: 'Lunchseminarium om kompetens' }));
  ok(await setup.sessions.remove(actor, event.id, session.id));
  const topic = ok(await setup.visits.createTopic(actor, event.id, { nameSv: 'Turism', nameEn: 'Tourism' }));
  ok(await setup.visits.updateTopic(actor, event.id, topic.id, { nameSv: 'Besöksnäring', nameEn: 'Tourism' }));
  ok(await setup.visits.remove(actor, event.id, 'topic', topic.id));
  const zone = ok(await setup.visits.createZone(actor, event.id, { name: 'Skärgården', latitude: null, longitude: null }));
  ok(await setup.visits.updateZone(actor, event.id, zone.id, { name: 'Ytterskärgården', latitude: 58.7, longitude: 17.1 }));
  const slot = ok(await setup.visits.createSlot(actor, event.id, { date: day, startTime: '16:00', endTime: '17:00' }));
  ok(await setup.visits.remove(actor, event.id, 'slot', slot.id));
  const zones = await setup.visits.zones(event.id);
  ok(
    await setup.visits.saveTravelTimes(actor, event.id, {
      entries: [{ fromZoneId: zones[0]?.id as string, toZoneId: zones[1]?.id as string, minutes: 25 }],
    }),
  );
  const host = ok(
    await setup.hosts.create(actor, event.id, {
      kind: 'official',
      name: 'Tova Tjänsteperson',
      email: 'tova@norrvik.example',
      department: 'Kultur',
    }),
  );
  ok(await setup.hosts.update(actor, event.id, host.id, { department: 'Kultur och fritid', maxVisitsPerDay: 2 }));
  const slots = await setup.visits.slots(event.id);
  ok(await setup.hosts.setAvailability(actor, event.id, host.id, { slotIds: slots.slice(0, 2).map((s) => s.id) }));
  ok(await setup.hosts.remove(actor, event.id, host.id));

  // Visits.
  const plan = ok(await services.visits.propose(event.slug, { iterations: 3_000, seed: 1 }));
  ok(await services.visits.accept(event.slug, plan.visits, actor));
  ok(await services.visits.confirm(event.slug, undefined, actor));
  const [first, second] = (await services.visits.list(event.slug)) ?? [];
  if (!first || !second) throw new Error('the plan has at least two visits');
  ok(await services.visits.setLocked(first.id, true, actor));
  ok(await services.visits.setLocked(first.id, false, actor));
  // One visitor fewer than the rules ask for: kept on purpose.
  ok(await services.visits.change(first.id, { hostIds: first.hosts.slice(0, 1).map((h) => h.id) }, { override: true, actor }));
  ok(await services.visits.cancel(second.id, 'Företaget har stängt för inventering', actor));

  // Follow-up on a company's behalf, on a registration that is erased afterwards.
  const body = registrationBody(7_701, [{ sessionIds: [(await services.events.getPublic(event.slug))?.sessions[0]?.id as string] }]);
  body.company.name = 'Raderas Snart AB';
  const { id: registrationId, token: manageToken } = await registerAndConfirmIn<{ id: string }>(harness, event.slug, body);
  ok(
    await services.followup.registrations.change(
      actor,
      event.id,
      registrationId,
      { contact: { ...body.contact, phone: '070-765 43 21' }, viewpoints: undefined, visitRequest: undefined },
      'sv',
    ),
  );
  const attendee = sqlite.prepare('SELECT id FROM attendees WHERE registration_id = ?').get(registrationId) as { id: string };
  ok(await services.followup.attendees.setCheckedIn(actor, event.id, attendee.id, true));
  ok(await services.followup.attendees.setCheckedIn(actor, event.id, attendee.id, false));
  ok(await services.registrations.erase(manageToken));

  // A cancellation on another company's behalf, kept.
  const kept = sqlite
    .prepare("SELECT r.id FROM registrations r WHERE r.event_id = ? AND r.status = 'active' AND r.id <> ? LIMIT 1")
    .get(event.id, registrationId) as { id: string };
  ok(await services.followup.registrations.cancel(actor, event.id, kept.id));

  for (let page = 1; ; page++) {
    const result = await auditLogInWords(db, event.id, { ...all, page });
    lines.push(...result.lines);
    if (page >= result.pageCount) break;
  }
  kinds = await db.selectFrom('audit_log').select(['entity', 'action']).distinct().where('event_id', '=', event.id).execute();
});
afterAll(() => harness?.close());

const text = (line: AuditLine) => [line.who, line.summary, ...line.details].join(' | ');
const find = (pattern: string | RegExp) =>
  lines.filter((l) => (typeof pattern === 'string' ? text(l).includes(pattern) : pattern.test(text(l))));

describe('the audit log in words', () => {
  it('has a sentence for every kind of entry written, without ids, codes, JSON or a fallback', () => {
    expect(kinds.length).toBeGreaterThanOrEqual(20);
    expect(lines.length).toBeGreaterThan(kinds.length);
    for (const line of lines) {
      const words = text(line);
      expect(words, words).not.toMatch(UUID);
      expect(words, words).not.toMatch(/[{}[\]]|\b[a-z]+_[a-z_]+\b|\b(visit|plan|host|session|check_in|update|create)\b/);
      expect(words, words).not.toMatch(/\bnågot\b|en uppgift/);
    }
  });

  it('says what changed, from what to what, and who did it', () => {
    // The session was renamed and then deleted since: it is named by its last title, which the log remembers.
    expect(find('Ändrade kapaciteten för Lunchseminarium om kompetens från 40 till 50')).toHaveLength(1);
    expect(find('Lena Logg (API)').length).toBeGreaterThan(20);
    const twoFields = find('Ändrade 2 uppgifter för evenemanget')[0];
    expect(twoFields?.details).toEqual([
      expect.stringMatching(/^Platsen från .+ till Nya hallen$/),
      expect.stringMatching(/^Största delegationen från \d+ till 4$/),
    ]);
    expect(find('Ändrade hur många dagar personuppgifterna sparas för evenemanget från')).toHaveLength(1);
    expect(find(/Lade till programpunkten Lunchseminarium$/)).toHaveLength(1);
    expect(find('Ändrade 2 uppgifter för Lunchseminarium om kompetens')[0]?.details).toEqual([
      'Titeln från Lunchseminarium till Lunchseminarium om kompetens',
      'Lokalen från tomt till Sal B',
    ]);
    expect(find(/Tog bort programpunkten Lunchseminarium om kompetens/)).toHaveLength(1);
    // A deleted topic and a renamed zone go by their last names; only what the input changed is listed.
    expect(find(/Lade till ämnet Turism$/)).toHaveLength(1);
    expect(find('Ändrade namnet för Besöksnäring från Turism till Besöksnäring')).toHaveLength(1);
    expect(find(/Tog bort ämnet Besöksnäring$/)).toHaveLength(1);
    expect(find(/Lade till zonen Skärgården$/)).toHaveLength(1);
    expect(find('Ändrade 3 uppgifter för Ytterskärgården')[0]?.details).toEqual([
      'Namnet från Skärgården till Ytterskärgården',
      'Latituden från tomt till 58,7',
      'Longituden från tomt till 17,1',
    ]);
    expect(find(/^.* \| Lade till besökstiden \d+ [a-z]+\. 16:00–17:00$/)).toHaveLength(1);
    expect(find(/^.* \| Tog bort besökstiden \d+ [a-z]+\. 16:00–17:00$/)).toHaveLength(1);
    expect(find(/Ändrade restiderna mellan zonerna: 1 sträcka med egen restid/)).toHaveLength(1);
    expect(find('Lade till värden Tova Tjänsteperson')).toHaveLength(1);
    expect(find('Ändrade 2 uppgifter för Tova Tjänsteperson')[0]?.details).toEqual([
      'Förvaltningen från Kultur till Kultur och fritid',
      'Högsta antalet besök per dag från 3 till 2',
    ]);
    expect(find('Ändrade tillgängligheten för Tova Tjänsteperson från 0 besökstider till 2 besökstider')[0]?.details).toEqual([
      expect.stringMatching(/^Kan nu: \d+ [a-z]+\. \d\d:\d\d–\d\d:\d\d, \d+ [a-z]+\. \d\d:\d\d–\d\d:\d\d$/),
    ]);
    expect(find('Tog bort värden Tova Tjänsteperson')).toHaveLength(1);
  });

  it('tells the visits’ story with companies, times and visitors', () => {
    expect(find(/^.* \| Sparade ett förslag till besök: \d+ föreslagna besök/)).toHaveLength(1);
    expect(find(/Bekräftade besöket hos .+ och skickade inbjudningarna/).length).toBeGreaterThan(0);
    expect(find(/Låste besöket hos /)).toHaveLength(1);
    expect(find(/Låste upp besöket hos /)).toHaveLength(1);
    const changed = find(/Ändrade besöket hos /);
    expect(changed).toHaveLength(1);
    expect(changed[0]?.details).toEqual([expect.stringMatching(/^Besökarna från .+, .+ till [^,]+$/), 'Med undantag från reglerna']);
    expect(find(/Ställde in besöket hos .+ \| Skäl: Företaget har stängt för inventering$/)).toHaveLength(1);
    // The cancellation on the company's behalf cancelled its visit too, in the same batch.
    expect(find(/Ställde in besöket hos .+ \| Skäl: Företaget har avbokat sin anmälan\.$/)).toHaveLength(1);
  });

  it('keeps the fact of changes to an erased registration, without its values', () => {
    expect(lines.map(text).join('\n')).not.toContain('Raderas Snart');
    expect(lines.map(text).join('\n')).not.toContain('070-765 43 21');
    expect(find('Ändrade en raderad registrering för företagets räkning')[0]?.details).toEqual(['Uppgifterna är raderade.']);
    expect(find('Checkade in en deltagare i en raderad registrering')).toHaveLength(1);
    expect(find('Ångrade incheckningen av en deltagare i en raderad registrering')).toHaveLength(1);
    expect(find(/Avbokade anmälan från .+ för företagets räkning/)).toHaveLength(1);
  });

  it('filters by who, by kind of thing and by day', async () => {
    const eventId = (
      await harness.deps.db.selectFrom('events').select('id').where('slug', 'like', 'stora-motesdagen-%').executeTakeFirstOrThrow()
    ).id;
    const byKind = await auditLogInWords(harness.deps.db, eventId, { ...all, kind: 'vardar' });
    expect(byKind.total).toBe(4);
    expect(byKind.lines.every((l) => /värden|Tova|tillgängligheten/.test(l.summary))).toBe(true);
    const byWho = await auditLogInWords(harness.deps.db, eventId, { ...all, who: 'lena.logg@norrvik.example' });
    expect(byWho.lines.every((l) => l.who === 'Lena Logg (API)')).toBe(true);
    expect(byWho.actors).toEqual(expect.arrayContaining([{ key: 'lena.logg@norrvik.example', label: 'Lena Logg' }]));
    const system = await auditLogInWords(harness.deps.db, eventId, { ...all, who: 'system' });
    expect(system.lines.every((l) => l.who === 'Systemet (automatiskt)')).toBe(true);
    const longAgo = await auditLogInWords(harness.deps.db, eventId, { ...all, from: '2001-01-01', to: '2001-12-31' });
    expect(longAgo.total).toBe(0);
  });
});
