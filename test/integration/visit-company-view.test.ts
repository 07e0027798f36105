/**
 * The company's side of a confirmed visit, through the API doors the company uses: its registration shows the
 * visit (when, where, who), its calendar file carries the visit under the invite's UID and SEQUENCE, every email
 * that points to the registration links to the manage page with the link the company already has, and asking for
 * the link again never breaks it. Withdrawing afterwards sends CANCEL to everyone who had the invite.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';
import { registerAndConfirmIn } from '../support/confirm.ts';
import { registrationBody } from '../support/registrations.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let services: Services;
let slug: string;
let token: string;
let registrationId: string;

const api = (path: string, init: RequestInit = {}) =>
  harness.app.request(`/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
const outbox = (kind: string, to?: string) =>
  harness.deps.db
    .selectFrom('outbox')
    .selectAll()
    .where('kind', '=', kind)
    .$if(to !== undefined, (q) => q.where('to_address', '=', to as string))
    .orderBy('created_at')
    .execute();
const vevent = (ics: string, uid: string) =>
  new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('uid') === uid);

beforeAll(async () => {
  harness = await createTestApp();
  services = createServices(harness.deps);
  slug = (await harness.deps.db.selectFrom('events').select('slug').where('slug', 'like', 'stora-motesdagen-%').executeTakeFirstOrThrow())
    .slug;
  const event = await services.events.getPublic(slug);
  if (!event) throw new Error('no demo event');
  const body = registrationBody(501, [{ sessionIds: [event.sessions[0]!.id] }], {
    visitRequest: { slotIds: event.visitSlots.map((s) => s.id), topics: [event.topics[0]!.id], participants: 3, message: 'Ring på.' },
  });
  const created = await registerAndConfirmIn<{ id: string }>(harness, slug, body);
  token = created.token;
  registrationId = created.id;
  const proposal = await services.visits.propose(slug, { iterations: 2_000 });
  if (!proposal.ok) throw new Error('no proposal');
  expect((await services.visits.accept(slug, proposal.value.visits)).ok).toBe(true);
  const visit = ((await services.visits.list(slug)) ?? []).find((v) => v.company.registrationId === registrationId);
  if (!visit) throw new Error('the company got no visit');
  expect((await services.visits.confirm(slug, [visit.id])).ok).toBe(true);
});
afterAll(() => harness?.close());

describe('a confirmed visit, as the company sees it', () => {
  it('shows the visit on the registration: when, where and who is coming', async () => {
    const view = (await (await api(`/registrations/${token}`)).json()) as {
      visit: { startsAt: string; address: string; hosts: { name: string; role: string }[] } | null;
    };
    const visit = ((await services.visits.list(slug)) ?? []).find((v) => v.company.registrationId === registrationId);
    expect(view.visit).toEqual({
      startsAt: visit?.startsAt,
      endsAt: visit?.endsAt,
      address: visit?.address,
      hosts: visit?.hosts.map((h) => ({ name: h.name, role: h.role, kind: h.kind })),
    });
    expect(view.visit?.address).toMatch(/^Industrivägen 501, /);
    expect(view.visit?.hosts.length).toBeGreaterThan(0);
    expect(view.visit?.hosts.every((h) => h.role.length > 0)).toBe(true);
  });

  it("links the confirmation email to the company's manage page with the link it already has", async () => {
    const [confirmed] = await outbox('visit_confirmed', 'kontakt501@foretag501.se');
    expect(await harness.asSent(confirmed?.html ?? '')).toContain(`/hantera/${token}`);
    expect(await harness.asSent(confirmed?.text ?? '')).toContain(`/hantera/${token}`);
    expect((await api(`/registrations/${token}`)).status).toBe(200);
  });

  it('puts the visit in the calendar file under the UID and SEQUENCE of its invite', async () => {
    const visit = ((await services.visits.list(slug)) ?? []).find((v) => v.company.registrationId === registrationId);
    const [invite] = await outbox('visit_confirmed', 'kontakt501@foretag501.se');
    const response = await api(`/registrations/${token}/calendar.ics`);
    expect(response.status).toBe(200);
    const file = await response.text();
    const inFile = vevent(file, visit?.calendarUid as string);
    const inInvite = vevent(invite?.ics as string, visit?.calendarUid as string);
    expect(inFile, 'the visit is in the calendar file').toBeDefined();
    expect(inFile?.getFirstPropertyValue('sequence')).toBe(inInvite?.getFirstPropertyValue('sequence'));
    expect(String(inFile?.getFirstPropertyValue('dtstart'))).toBe(String(inInvite?.getFirstPropertyValue('dtstart')));
    // One VEVENT per UID: a calendar that imports it holds the visit once.
    const uids = new ICAL.Component(ICAL.parse(file)).getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'));
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('asking for the link again mails the same working link and breaks nothing', async () => {
    const org = (await (await api(`/registrations/${token}`)).json()) as { company: { orgNumber: string } };
    await services.registrations.requestNewLink(org.company.orgNumber.replace('-', ''));
    const [resent] = await outbox('manage_link_resent', 'kontakt501@foretag501.se');
    expect(await harness.asSent(resent?.text ?? '')).toContain(`/hantera/${token}`);
    expect((await api(`/registrations/${token}`)).status).toBe(200);
  });

  it('withdrawing the request cancels the visit for everyone who had the invite', async () => {
    const visit = ((await services.visits.list(slug)) ?? []).find((v) => v.company.registrationId === registrationId);
    if (!visit) throw new Error('no visit');
    const response = await api(`/registrations/${token}`, { method: 'PATCH', body: JSON.stringify({ visitRequest: null }) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { visit: unknown }).visit).toBeNull();
    const cancels = (await outbox('visit_cancelled')).filter((m) => m.ics && vevent(m.ics, visit.calendarUid));
    expect(cancels.map((m) => m.to_address).sort()).toEqual([visit.company.contactEmail, ...visit.hosts.map((h) => h.email)].sort());
    for (const m of cancels) expect(m.ics_method).toBe('CANCEL');
    expect(((await services.visits.list(slug)) ?? []).some((v) => v.id === visit.id)).toBe(false);
  });
});
