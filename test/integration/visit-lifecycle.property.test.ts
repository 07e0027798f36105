/**
 * A visit follows its company, over random sequences of what companies and organisers do: register, change the
 * request's slots, withdraw it, cancel (company and organiser), erase, plan and accept, confirm, move, re-staff and
 * cancel a visit. After every step the invariants that span the visit, its request, its invites, the board and the
 * host feeds are checked from the outside: the rows, the outbox's calendar files parsed back, the board and the
 * feeds as their users read them.
 */
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/policy.ts';
import { type RegistrationInput, RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { createServices, type Services } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';
import { orgNumber } from '../support/registrations.ts';

type Harness = Awaited<ReturnType<typeof createTestApp>>;

const organiser: Actor = {
  organiserId: 'property-test',
  email: 'planerare@norrvik.example',
  name: 'Planerare',
  role: 'admin',
  eventIds: [],
  via: { kind: 'session', sessionId: 'property-test' },
};

/** What the test remembers of each company it registered. */
interface Company {
  n: number;
  id: string;
  token: string;
  active: boolean;
}

const step = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('register' as const), slots: fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('changeSlots' as const),
      pick: fc.nat(),
      slots: fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('changeMessage' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelByOrganiser' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('erase' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('plan' as const), seed: fc.nat(1000) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), slot: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restaff' as const), pick: fc.nat(), host: fc.nat(60) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelVisit' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('takeAvailability' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeHost' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('serveQueue' as const) }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

async function world() {
  const harness = await createTestApp();
  harness.deps.sqlite
    .prepare("INSERT INTO organisers (id, email, name, role, created_at) VALUES (?, ?, ?, 'admin', ?)")
    .run(organiser.organiserId, organiser.email, organiser.name, new Date().toISOString());
  const services = createServices(harness.deps);
  const slug = (
    await harness.deps.db.selectFrom('events').select('slug').where('slug', 'like', 'stora-motesdagen-%').executeTakeFirstOrThrow()
  ).slug;
  const event = await services.events.getPublic(slug);
  if (!event) throw new Error('no demo event');
  const eventId = (await harness.deps.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const hosts = await harness.deps.db.selectFrom('hosts').select(['id', 'email']).where('event_id', '=', eventId).orderBy('name').execute();
  // Every host subscribes to their feed, as the host page offers.
  const feedTokens = new Map<string, string>();
  for (const host of hosts) feedTokens.set(host.id, (await services.feeds.rotateHostFeed(host.id)) as string);
  return { harness, services, slug, event, eventId, hosts, feedTokens, companies: [] as Company[], next: 0 };
}
type World = Awaited<ReturnType<typeof world>>;

function requestInput(w: World, slotPicks: readonly number[], message = '') {
  const slots = w.event.visitSlots;
  const slotIds = [...new Set(slotPicks.map((i) => slots[i % slots.length]!.id))];
  return { slotIds, topics: w.event.topics.slice(0, 1).map((t) => t.id), participants: 2, message };
}

/** A company's form, read through the same schema the form and the API use. */
function registration(w: World, n: number, slotPicks: readonly number[]): RegistrationInput {
  return RegistrationInputSchema.parse({
    company: {
      orgNumber: orgNumber(9_000 + n),
      name: `Egenskapsföretag ${n} AB`,
      industry: 'bygg',
      address: { street: `Verkstadsgatan ${n}`, postalCode: '611 30', city: 'Norrvik' },
    },
    contact: { name: `Kontakt ${n}`, email: `kontakt${n}@egenskap${n}.example`, phone: '070-123 45 67' },
    attendees: [
      {
        name: `Deltagare ${n}`,
        email: `deltagare${n}@egenskap${n}.example`,
        sessionIds: [w.event.sessions[n % w.event.sessions.length]!.id],
      },
    ],
    viewpoints: { text: '', topics: [] },
    visitRequest: requestInput(w, slotPicks),
    consent: true,
    language: n % 3 === 0 ? 'en' : 'sv',
  });
}

const pickActive = (w: World, pick: number) => {
  const active = w.companies.filter((c) => c.active);
  return active.length ? active[pick % active.length] : undefined;
};

async function apply(w: World, s: Step): Promise<void> {
  const { services, slug, eventId } = w;
  switch (s.kind) {
    case 'register': {
      const n = w.next++;
      const result = await services.registrations.register(slug, registration(w, n, s.slots), { lang: 'sv' });
      if (!result.ok) throw new Error(`register failed: ${JSON.stringify(result.error)}`);
      w.companies.push({ n, id: result.value.view.id, token: result.value.manageToken, active: true });
      return;
    }
    case 'changeSlots':
    case 'changeMessage': {
      const c = pickActive(w, s.pick);
      if (!c) return;
      const view = await services.registrations.get(c.token);
      const current = view?.visitRequest;
      const request =
        s.kind === 'changeSlots'
          ? requestInput(w, s.slots)
          : { ...requestInput(w, [0]), slotIds: current?.slotIds ?? requestInput(w, [0]).slotIds, message: `Ändrat ${w.next++}` };
      const result = await services.registrations.change(c.token, { visitRequest: request }, 'sv');
      if (!result.ok) throw new Error(`change failed: ${JSON.stringify(result.error)}`);
      return;
    }
    case 'withdraw': {
      const c = pickActive(w, s.pick);
      if (!c) return;
      const result = await services.registrations.change(c.token, { visitRequest: null }, 'sv');
      if (!result.ok) throw new Error(`withdraw failed: ${JSON.stringify(result.error)}`);
      return;
    }
    case 'cancel':
    case 'cancelByOrganiser':
    case 'erase': {
      const c = pickActive(w, s.pick);
      if (!c) return;
      const result =
        s.kind === 'cancel'
          ? await services.registrations.cancel(c.token)
          : s.kind === 'erase'
            ? await services.registrations.erase(c.token)
            : await services.followup.registrations.cancel(organiser, eventId, c.id);
      if (!result.ok) throw new Error(`${s.kind} failed: ${JSON.stringify(result.error)}`);
      c.active = false;
      return;
    }
    case 'plan': {
      const proposal = await services.visits.propose(slug, { iterations: 400, seed: s.seed });
      if (!proposal.ok) throw new Error('propose failed');
      const accepted = await services.visits.accept(slug, proposal.value.visits, organiser);
      if (!accepted.ok) throw new Error(`accept failed: ${JSON.stringify(accepted.error)}`);
      return;
    }
    case 'confirm': {
      const proposed = ((await services.visits.list(slug)) ?? []).filter((v) => v.status === 'proposed');
      if (!proposed.length) return;
      // Half the time one visit, half the time all of them.
      const ids = s.pick % 2 ? [proposed[s.pick % proposed.length]!.id] : undefined;
      const result = await services.visits.confirm(slug, ids, organiser);
      if (!result.ok) throw new Error(`confirm failed: ${JSON.stringify(result.error)}`);
      return;
    }
    case 'takeAvailability':
    case 'removeHost': {
      // A host in a visit, so the step meets one when there is one.
      const live = (await services.visits.list(slug)) ?? [];
      const hosts = live.flatMap((v) => v.hosts.map((h) => ({ id: h.id, slotId: v.slotId })));
      const chosen = hosts.length ? hosts[s.pick % hosts.length] : undefined;
      if (!chosen) return;
      if (s.kind === 'removeHost') {
        const result = await services.setup.hosts.remove(organiser, eventId, chosen.id);
        if (!result.ok) throw new Error(`remove host failed: ${JSON.stringify(result.error)}`);
        w.hosts = w.hosts.filter((h) => h.id !== chosen.id);
        return;
      }
      const host = await services.setup.hosts.get(eventId, chosen.id);
      const slotIds = (host?.slotIds ?? []).filter((id) => id !== chosen.slotId);
      const result = await services.setup.hosts.setAvailability(organiser, eventId, chosen.id, { slotIds });
      if (!result.ok) throw new Error(`availability failed: ${JSON.stringify(result.error)}`);
      return;
    }
    case 'serveQueue': {
      const result = await services.visits.serveQueue(slug, undefined, organiser);
      if (!result.ok) throw new Error('serve queue failed');
      return;
    }
    case 'move':
    case 'restaff':
    case 'cancelVisit': {
      const live = (await services.visits.list(slug)) ?? [];
      const visit = live[s.pick % Math.max(1, live.length)];
      if (!visit) return;
      if (s.kind === 'cancelVisit') {
        const result = await services.visits.cancel(visit.id, 'Planeringen ändrades.', organiser, eventId);
        if (!result.ok) throw new Error('cancel visit failed');
        return;
      }
      const change =
        s.kind === 'move'
          ? { slotId: w.event.visitSlots[s.slot % w.event.visitSlots.length]!.id }
          : { hostIds: [...visit.hosts.slice(1).map((h) => h.id), w.hosts[s.host % w.hosts.length]!.id] };
      // Kept against the rules where the organiser says so; a double booking is refused whatever they say.
      const result = await services.visits.change(visit.id, change, { override: true, actor: organiser, eventId });
      if (!result.ok && result.error.code !== 'visit_conflict') throw new Error(`${s.kind} failed: ${JSON.stringify(result.error)}`);
      return;
    }
  }
}

const parse = (ics: string) => new ICAL.Component(ICAL.parse(ics));

async function checkInvariants(w: World, trace: string): Promise<void> {
  const sqlite = w.harness.deps.sqlite;
  const rows = <T>(query: string, ...params: unknown[]) => sqlite.prepare(query).all(...params) as T[];

  // 1. No live visit without an active request of an active registration.
  const orphans = rows<{ id: string }>(
    `SELECT v.id FROM visits v JOIN visit_requests q ON q.id = v.request_id JOIN registrations r ON r.id = q.registration_id
     WHERE v.status <> 'cancelled' AND (q.status <> 'active' OR r.status <> 'active')`,
  );
  expect(orphans, `${trace}: live visits of withdrawn or cancelled requests`).toEqual([]);

  // 2. No host in two live visits at one time.
  const doubleBooked = rows<{ host_id: string }>(
    `SELECT a.host_id FROM visit_hosts a JOIN visit_hosts b ON a.host_id = b.host_id AND a.visit_id < b.visit_id
     JOIN visits va ON va.id = a.visit_id JOIN visits vb ON vb.id = b.visit_id
     JOIN visit_slots sa ON sa.id = va.slot_id JOIN visit_slots sb ON sb.id = vb.slot_id
     WHERE a.released_at IS NULL AND b.released_at IS NULL AND va.status <> 'cancelled' AND vb.status <> 'cancelled'
       AND sa.starts_at < sb.ends_at AND sb.starts_at < sa.ends_at`,
  );
  expect(doubleBooked, `${trace}: a host in two visits at once`).toEqual([]);

  // 3. Per calendar UID and recipient, the last message is a REQUEST exactly when the visit is live, confirmed
  //    and the recipient is in it; SEQUENCE never falls per UID and rises per recipient.
  const visits = rows<{ id: string; calendar_uid: string; status: string; contact_email: string }>(
    `SELECT v.id, v.calendar_uid, v.status, r.contact_email FROM visits v
     JOIN visit_requests q ON q.id = v.request_id JOIN registrations r ON r.id = q.registration_id WHERE v.event_id = ?`,
    w.eventId,
  );
  const hostEmails = (visitId: string) =>
    rows<{ email: string }>(
      'SELECT h.email FROM visit_hosts vh JOIN hosts h ON h.id = vh.host_id WHERE vh.visit_id = ? AND vh.released_at IS NULL',
      visitId,
    ).map((r) => r.email);
  const messages = rows<{ to_address: string; ics: string }>(
    "SELECT to_address, ics FROM outbox WHERE ics IS NOT NULL AND kind LIKE 'visit_%' ORDER BY rowid",
  );
  const last = new Map<string, { method: string; sequence: number }>();
  const uidSequence = new Map<string, number>();
  for (const m of messages) {
    const calendar = parse(m.ics);
    const method = String(calendar.getFirstPropertyValue('method'));
    const vevent = calendar.getFirstSubcomponent('vevent') as ICAL.Component;
    const uid = String(vevent.getFirstPropertyValue('uid'));
    const sequence = Number(vevent.getFirstPropertyValue('sequence'));
    expect(sequence, `${trace}: SEQUENCE fell for ${uid}`).toBeGreaterThanOrEqual(uidSequence.get(uid) ?? 0);
    uidSequence.set(uid, sequence);
    const key = `${uid} ${m.to_address}`;
    const before = last.get(key);
    if (before) expect(sequence, `${trace}: SEQUENCE did not rise for ${key}`).toBeGreaterThan(before.sequence);
    last.set(key, { method, sequence });
  }
  for (const v of visits) {
    const inIt = v.status === 'confirmed' ? new Set([v.contact_email, ...hostEmails(v.id)]) : new Set<string>();
    for (const [key, { method }] of last) {
      const [uid, to] = key.split(' ') as [string, string];
      if (uid !== v.calendar_uid) continue;
      expect(method, `${trace}: last message to ${to} for visit ${v.id} (${v.status})`).toBe(inIt.has(to) ? 'REQUEST' : 'CANCEL');
    }
    for (const to of inIt) expect(last.get(`${v.calendar_uid} ${to}`)?.method, `${trace}: ${to} never invited`).toBe('REQUEST');
  }

  // 4. The board, the visit list (the API's source) and the counters agree.
  const board = await w.services.visits.board(w.slug, { reasons: false });
  const list = (await w.services.visits.list(w.slug)) ?? [];
  if (!board) throw new Error('no board');
  expect(board.visits.map((v) => v.id).sort()).toEqual(list.map((v) => v.id).sort());
  const live = visits.filter((v) => v.status !== 'cancelled');
  expect(board.visits.map((v) => v.id).sort(), `${trace}: board and data`).toEqual(live.map((v) => v.id).sort());
  expect(board.visits.length + board.unplaced.length, `${trace}: counters`).toBe(board.requestCount);

  // 5. A visit with a host who is no longer available in its slot needs attention, unless kept so on purpose.
  const unavailable = rows<{ visit_id: string; host_id: string; override_json: string | null }>(
    `SELECT vh.visit_id, vh.host_id, v.override_json FROM visit_hosts vh JOIN visits v ON v.id = vh.visit_id
     WHERE vh.released_at IS NULL AND v.status <> 'cancelled' AND v.event_id = ?
       AND NOT EXISTS (SELECT 1 FROM host_availability a WHERE a.host_id = vh.host_id AND a.slot_id = v.slot_id)`,
    w.eventId,
  );
  for (const u of unavailable) {
    const kept = (JSON.parse(u.override_json ?? '{"rules":[]}') as { rules: { code: string; hostId?: string }[] }).rules.some(
      (r) => r.code === 'host_unavailable' && r.hostId === u.host_id,
    );
    if (kept) continue;
    const flagged = board.attention.find((a) => a.visitId === u.visit_id);
    expect(
      flagged?.problems.some((p) => p.code === 'host_unavailable' && p.hostId === u.host_id),
      `${trace}: unavailable host not flagged`,
    ).toBe(true);
  }
  // The queue is in order: priority first, then arrival; positions count 1, 2, 3 …
  expect(board.unplaced.map((u) => u.position)).toEqual(board.unplaced.map((_, i) => i + 1));

  // 6. Every host's feed shows exactly their confirmed visits.
  for (const host of w.hosts) {
    const feed = await w.services.feeds.host(w.feedTokens.get(host.id) as string);
    const uids = parse(feed?.ics ?? '')
      .getAllSubcomponents('vevent')
      .map((e) => String(e.getFirstPropertyValue('uid')))
      .sort();
    const expected = visits
      .filter((v) => v.status === 'confirmed' && hostEmails(v.id).includes(host.email))
      .map((v) => v.calendar_uid)
      .sort();
    expect(uids, `${trace}: feed of ${host.email}`).toEqual(expected);
  }
}

describe('a visit follows its company (model-based)', () => {
  // Found by FC_SEED=934986907: a confirmed visit moved by override to a slot its host had not offered made every
  // later plan that used the same host unsavable ("host not available"), though the new visits broke nothing.
  it('saves the next plan when a confirmed visit carries a breach kept on purpose', async () => {
    const w = await world();
    try {
      const steps: Step[] = [
        { kind: 'register', slots: [0, 1] },
        { kind: 'register', slots: [1, 2] },
        { kind: 'register', slots: [0, 2, 3] },
        { kind: 'plan', seed: 0 },
        { kind: 'confirm', pick: 0 },
        { kind: 'move', pick: 0, slot: 8 },
        { kind: 'register', slots: [0] },
        { kind: 'changeMessage', pick: 0 },
        { kind: 'cancelVisit', pick: 0 },
        { kind: 'cancel', pick: 0 },
        { kind: 'plan', seed: 0 },
      ];
      const trace: string[] = [];
      for (const s of steps) {
        trace.push(s.kind);
        await apply(w, s);
        await checkInvariants(w, trace.join(' → '));
      }
    } finally {
      await w.harness.close();
    }
  });

  it('keeps visits, requests, invites, the board and the host feeds in agreement over random sequences', async () => {
    let sequences = 0;
    let steps = 0;
    let confirmations = 0;
    let cancellations = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (plan) => {
        const w = await world();
        try {
          // A few companies first, so the early steps have something to act on.
          for (const slots of [
            [0, 1],
            [1, 2],
            [0, 2, 3],
          ])
            await apply(w, { kind: 'register', slots });
          const trace: string[] = [];
          for (const s of plan) {
            trace.push(s.kind);
            await apply(w, s);
            await checkInvariants(w, trace.join(' → '));
          }
          sequences++;
          steps += plan.length;
          const count = (query: string) => (w.harness.deps.sqlite.prepare(query).get() as { n: number }).n;
          confirmations += count("SELECT count(*) AS n FROM outbox WHERE kind = 'visit_confirmed'");
          cancellations += count("SELECT count(*) AS n FROM outbox WHERE ics_method = 'CANCEL' AND kind LIKE 'visit_%'");
        } finally {
          await w.harness.close();
        }
      }),
      { numRuns: 40 },
    );
    console.info(
      `visit lifecycle: ${sequences} sequences, ${steps} steps checked; ${confirmations} visits confirmed, ${cancellations} CANCEL invites`,
    );
    // The sequences must reach the states that matter, or the invariants above were checked on nothing.
    expect(confirmations).toBeGreaterThan(20);
    expect(cancellations).toBeGreaterThan(20);
  }, 600_000);
});
