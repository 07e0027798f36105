/**
 * Bursts of 1,000 requests at once, on Node and inside wrangler dev: new registrations, cancellations and
 * changes (leaving a session, joining one, both at once) against two small sessions with long waiting lists.
 * Places are decided by each batch's own SQL (docs/decisions/0011-changes-decide-places-in-the-batch.md), with
 * nothing serialising the requests. Afterwards, through the doors users and organisers use:
 *  - no answer is a 5xx, and every request got the answer it asked for;
 *  - no session is over capacity, no place is free while someone waits, waiting positions are 1…n;
 *  - every attendee told they were waiting and now confirmed has exactly one invitation and their contact
 *    exactly one "you have a place" email; nobody got a promotion email for a place that did not go to them;
 *    the last invite of every place is the right one (one REQUEST for a place held, none for one waiting,
 *    a CANCEL for every REQUEST of a place gone).
 * The seeded companies confirm their contact (decision 0009) before the burst; the companies registering in the burst
 * confirm only after it, so whatever the burst decided for them (a promotion among it) is held until then and
 * counted once it is released.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { adminApi } from '../support/admin-api.ts';
import { confirmationLinkFromMailbox, confirmThrough } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

const targets = inject('targets');

type Status = 'confirmed' | 'waitlisted';
interface View {
  id: string;
  status: string;
  manageUrl?: string;
  attendees: { email: string; sessions: { sessionId: string; status: Status; waitlistPosition: number | null }[] }[];
}
interface Message {
  kind: string;
  to: string;
  subject: string;
  icsMethod: string | null;
}

/** Seeded registrations (each then gets at most one operation in the burst) and new ones in the burst. */
const SEEDED = 650;
const CANCELLED = 250;
const CHANGED = 300;
const NEW_IN_BURST = 1_000 - CANCELLED - CHANGED;

describe.each(targets)('a burst of 1,000 registrations, changes and cancellations on $name', ({ name, baseUrl }) => {
  const base = name === 'node' ? 400_000 : 500_000;
  const mark = `rusning${name}`;
  const json = { 'content-type': 'application/json' };
  const admin = adminApi(baseUrl);
  const sessions = { a: { id: '', title: `Rusning A ${name}`, capacity: 20 }, b: { id: '', title: `Rusning B ${name}`, capacity: 6 } };
  /** A registration with one attendee (so a change can never promote its own attendee) at distinct addresses. */
  const body = (n: number, sessionIds: string[]) => {
    const b = registrationBody(n, [{ email: `deltagare${n}@${mark}.se`, sessionIds }]);
    return { ...b, contact: { ...b.contact, email: `kontakt${n}@${mark}.se` } };
  };
  const register = (n: number, sessionIds: string[]) =>
    fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}/registrations`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(body(n, sessionIds)),
    });
  /** The contact of company `n` confirms by the link in its email; answers the manage token. */
  const confirm = async (n: number) =>
    (
      await confirmThrough(
        (path, init) => fetch(`${baseUrl}${path}`, init),
        await confirmationLinkFromMailbox(baseUrl, `kontakt${n}@${mark}.se`),
      )
    ).token;
  const manage = (token: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${baseUrl}/api/registrations/${token}`, {
      method: init.method ?? 'GET',
      headers: json,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  /** The sessions each number's attendee asks for: A, B or both (A and B do not overlap). */
  const wanted = (n: number) => [[sessions.a.id], [sessions.b.id], [sessions.a.id, sessions.b.id]][n % 3] as string[];

  beforeAll(async () => {
    const program = await admin<{ sessions: { id: string; date: string }[] }>(`/events/${CAPACITY_EVENT}/sessions`);
    const date = program.sessions.find((s) => s.id === 'cap-10')?.date as string;
    for (const [key, start, end] of [
      ['a', '14:00', '15:00'],
      ['b', '15:00', '16:00'],
    ] as const) {
      const session = sessions[key];
      const created = await admin<{ id: string }>(`/events/${CAPACITY_EVENT}/sessions`, {
        method: 'POST',
        body: {
          titleSv: session.title,
          titleEn: session.title,
          descriptionSv: '',
          descriptionEn: '',
          date,
          startTime: start,
          endTime: end,
          capacity: session.capacity,
        },
      });
      session.id = created.id;
    }
  }, 120_000);

  it('keeps capacity, waiting lists and promotion emails right under 1,000 simultaneous requests', async () => {
    // Each attendee's places (attendee and session: one place each, never taken twice here), what it was told when
    // it registered, and whether an answer to its own request ever told it it was waiting.
    const registered = new Map<string, Status>();
    const waited = new Set<string>();
    const everyPlace = new Set<string>();
    const tell = (view: View, atRegistration: boolean) => {
      for (const a of view.attendees) {
        for (const s of a.sessions) {
          const key = `${a.email} ${s.sessionId}`;
          everyPlace.add(key);
          if (s.status === 'waitlisted') waited.add(key);
          if (atRegistration) registered.set(key, s.status);
        }
      }
    };
    const tokens = new Map<number, string>();
    for (let from = 0; from < SEEDED; from += 50) {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => register(base + from + i, wanted(from + i))));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
      const seeded = await Promise.all(answers.map((_, i) => confirm(base + from + i)));
      const views = (await Promise.all(seeded.map(async (token) => (await manage(token)).json()))) as View[];
      views.forEach((view, i) => {
        tokens.set(from + i, seeded[i] as string);
        tell(view, true);
      });
    }

    // The burst: each seeded registration is cancelled or changed once, while new companies register.
    const cancelled = new Set(Array.from({ length: CANCELLED }, (_, i) => 2 * i));
    const changedSeeds = Array.from({ length: SEEDED }, (_, k) => k)
      .filter((k) => !cancelled.has(k))
      .slice(0, CHANGED);
    /** A change leaves a session and joins the other (A ↔ B), or leaves one of two. */
    const changedTo = (k: number) => {
      const now = wanted(k);
      if (now.length === 2) return k % 2 ? [sessions.a.id] : [sessions.b.id];
      return now[0] === sessions.a.id ? [sessions.b.id] : [sessions.a.id];
    };
    const requests: Promise<{ kind: string; status: number; view?: View }>[] = [];
    const answer = async (kind: string, response: Promise<Response>) => {
      const res = await response;
      const text = await res.text();
      return { kind, status: res.status, view: res.status < 300 ? (JSON.parse(text) as View) : undefined };
    };
    const newNumbers = Array.from({ length: NEW_IN_BURST }, (_, i) => SEEDED + i);
    const registeredInBurst: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      // Interleaved, so each kind is spread over the whole burst.
      if (i % 10 < 3 && changedSeeds.length) {
        const k = changedSeeds.pop() as number;
        requests.push(
          answer(
            'change',
            manage(tokens.get(k) as string, {
              method: 'PATCH',
              body: {
                attendees: [{ name: `Deltagare ${base + k}-0`, email: `deltagare${base + k}@${mark}.se`, sessionIds: changedTo(k) }],
              },
            }),
          ),
        );
      } else if (i % 10 < 6 && cancelled.size && [...cancelled].some((k) => tokens.has(k))) {
        const k = [...cancelled].find((c) => tokens.has(c)) as number;
        const token = tokens.get(k) as string;
        tokens.delete(k);
        requests.push(answer('cancel', manage(token, { method: 'DELETE' })));
      } else {
        const n = newNumbers.shift() as number;
        registeredInBurst.push(n);
        requests.push(answer('register', register(base + n, wanted(n))));
      }
    }
    const results = await Promise.all(requests);
    const byKind = (kind: string) => results.filter((r) => r.kind === kind);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(byKind('register').map((r) => r.status)).toEqual(Array(NEW_IN_BURST).fill(202));
    expect(byKind('cancel').map((r) => r.status)).toEqual(Array(CANCELLED).fill(200));
    expect(byKind('change').map((r) => r.status)).toEqual(Array(CHANGED).fill(200));
    for (const r of results) if (r.view && r.kind === 'change') tell(r.view, false);
    // The burst's new companies confirm now: what was decided for them meanwhile was held, and goes out now.
    const newTokens: string[] = [];
    for (let from = 0; from < registeredInBurst.length; from += 50) {
      newTokens.push(...(await Promise.all(registeredInBurst.slice(from, from + 50).map((n) => confirm(base + n)))));
    }

    // Every active registration as its owner sees it now.
    const live = [...[...tokens.values()], ...newTokens];
    const views: View[] = [];
    for (let from = 0; from < live.length; from += 50) {
      const page = await Promise.all(live.slice(from, from + 50).map(async (token) => (await manage(token)).json() as Promise<View>));
      views.push(...page);
    }
    const now = new Map<string, Status>();
    const positions = new Map<string, number[]>();
    for (const view of views) {
      expect(view.status).toBe('active');
      tell(view, false);
      for (const a of view.attendees) {
        for (const s of a.sessions) {
          now.set(`${a.email} ${s.sessionId}`, s.status);
          if (s.status === 'waitlisted') positions.set(s.sessionId, [...(positions.get(s.sessionId) ?? []), s.waitlistPosition as number]);
        }
      }
    }
    const program = await admin<{ sessions: { id: string; capacity: number; confirmed: number; waitlisted?: number }[] }>(
      `/events/${CAPACITY_EVENT}/sessions`,
    );
    for (const session of [sessions.a, sessions.b]) {
      const held = [...now].filter(([key, status]) => key.endsWith(` ${session.id}`) && status === 'confirmed').length;
      const waiting = (positions.get(session.id) ?? []).sort((x, y) => x - y);
      expect(held, `${session.title}: confirmed`).toBeLessThanOrEqual(session.capacity);
      expect(waiting, `${session.title}: positions`).toEqual(Array.from({ length: waiting.length }, (_, i) => i + 1));
      // Long waiting lists: every freed place went to the line, so the session is still full.
      expect(waiting.length, `${session.title}: still someone waiting`).toBeGreaterThan(0);
      expect(held, `${session.title}: no free place while someone waits`).toBe(session.capacity);
      expect(program.sessions.find((s) => s.id === session.id)?.confirmed).toBe(held);
    }

    // Every email of the burst's companies, read from the organisers' outbox.
    const messages: Message[] = [];
    for (let page = 1; ; page++) {
      const answer = await admin<{ rows: Message[]; pageCount: number }>(`/events/${CAPACITY_EVENT}/outbox?q=${mark}&page=${page}`);
      messages.push(...answer.rows);
      if (page >= answer.pageCount) break;
    }
    const count = (to: string, kind: string, title: string) =>
      messages.filter((m) => m.to === to && m.kind === kind && m.subject.includes(title)).length;
    let promoted = 0;
    let heldChecked = 0;
    for (const key of everyPlace) {
      const [email, sessionId] = key.split(' ') as [string, string];
      const n = Number(/deltagare(\d+)@/.exec(email)?.[1]);
      const contact = `kontakt${n}@${mark}.se`;
      const title = sessionId === sessions.a.id ? sessions.a.title : sessions.b.title;
      const invites = count(email, 'session_invite', title);
      const cancels = count(email, 'session_invite_cancelled', title);
      const promotions = count(contact, 'waitlist_promoted', title);
      const status = now.get(key);
      if (status === 'confirmed') {
        heldChecked++;
        expect([key, invites, cancels]).toEqual([key, 1, 0]);
        // Told it was waiting, now it holds the place: promoted by another's batch, told exactly once.
        if (waited.has(key)) {
          promoted++;
          expect([key, promotions]).toEqual([key, 1]);
        }
        // Confirmed when it registered: it never waited, so no promotion email. (A place a change asked for may
        // have been confirmed by the batch or promoted before the answer was read: at most one.)
        expect([key, promotions]).toEqual([key, registered.get(key) === 'confirmed' ? 0 : Math.min(promotions, 1)]);
      } else if (status === 'waitlisted') {
        expect([key, invites, cancels, promotions]).toEqual([key, 0, 0, 0]);
      } else {
        // The place is gone: every REQUEST it had was cancelled, and a promotion email only came with a REQUEST.
        expect([key, invites <= 1, cancels]).toEqual([key, true, invites]);
        expect(promotions).toBeLessThanOrEqual(invites);
      }
    }
    // The burst really promoted people (cancellations and changes freed places in sessions with long lines).
    expect(promoted).toBeGreaterThan(10);
    expect(heldChecked).toBe(sessions.a.capacity + sessions.b.capacity);
    console.log(
      `${name}: ${results.length} requests, ${promoted} promoted from the line and told once, waiting ${[...positions.values()].map((p) => p.length).join(' + ')}`,
    );
  }, 600_000);
});
