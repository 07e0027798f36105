/**
 * A company's details belong to its registration, on both runtimes. One company (one organisation number) registers
 * for event A and gets a confirmed visit; then anyone registers the same number for event B under another name and
 * address, and changes it again through B's manage link. Event A still shows A's details everywhere they appear:
 * A's manage API and page, the organisers' API, page, export and visit list, A's calendar file, and the hosts' visit
 * invites sent afterwards (parsed with ical.js from the development mailbox).
 */
import ICAL from 'ical.js';
import { describe, expect, inject, it } from 'vitest';
import { registerAndConfirm } from '../support/confirm.ts';
import { FIRM_EVENTS, FIRM_HOSTS, FIXTURE_API_TOKEN } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';
import { signInOverHttp } from '../support/sign-in-http.ts';

const [eventA, eventB] = FIRM_EVENTS;
const json = { 'content-type': 'application/json' };

const companyA = { name: 'Alfa Bygg AB', industry: 'bygg', address: { street: 'Alfavägen 1', postalCode: '611 30', city: 'Norrvik' } };
const companyB = { name: 'Beta Handel AB', industry: 'handel', address: { street: 'Betagatan 2', postalCode: '61131', city: 'Bergby' } };
const changedB = {
  name: 'Gamma Konsult AB',
  industry: 'it-kommunikation',
  address: { street: 'Gammastigen 3', postalCode: '61132', city: 'Dalby' },
};
const othersNames = [companyB.name, changedB.name, companyB.address.street, changedB.address.street];

/** The text of a page's element, as the browser shows it: Astro escapes what it prints. */
const unescapeHtml = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&');

describe.each(inject('targets'))('company details per registration on $name', ({ name, baseUrl }) => {
  const n = name === 'node' ? 54_001 : 54_002;
  const admin = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${baseUrl}/api/admin${path}`, {
      method: init.method ?? 'GET',
      headers: { ...json, authorization: `Bearer ${FIXTURE_API_TOKEN}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(300);
    return response;
  };
  const register = async (slug: string, company: typeof companyA, extra: Record<string, unknown> = {}) => {
    const body = registrationBody(n, [{ sessionIds: [`${slug}-session`] }], extra);
    // Through the contact's confirmation: until then the hosts' and attendees' mail is held.
    const withCompany = { ...body, company: { ...body.company, ...company } };
    const created = await registerAndConfirm<{ id: string }>(baseUrl, slug, withCompany);
    return { id: created.id, token: new URL(created.manageUrl).pathname.split('/').pop() as string };
  };
  const manage = (token: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${baseUrl}/api/registrations/${token}`, {
      method: init.method ?? 'GET',
      headers: json,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const visitRequest = (message: string) => ({ slotIds: [`${eventA}-slot`], topics: [`${eventA}-topic`], participants: 2, message });

  it('event A keeps its own name and address when the same organisation number registers and changes in event B', async () => {
    const a = await register(eventA, companyA, { visitRequest: visitRequest('Välkomna') });
    const plan = (await (await admin(`/events/${eventA}/plans`, { method: 'POST', body: { iterations: 2_000, seed: 1 } })).json()) as {
      visits: unknown[];
    };
    expect(plan.visits, JSON.stringify(plan)).toHaveLength(1);
    await admin(`/events/${eventA}/plans/accept`, { method: 'POST', body: { visits: plan.visits } });
    await admin(`/events/${eventA}/visits/confirm`, { method: 'POST', body: {} });

    // Anyone who knows the number registers it for event B under another name, then changes it there.
    const b = await register(eventB, companyB);
    const changed = await manage(b.token, { method: 'PATCH', body: { company: changedB } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { company: { name: string } }).company.name).toBe(changedB.name);

    // A's own change after that: its visit's hosts get an updated invite, rendered now.
    expect((await manage(a.token, { method: 'PATCH', body: { visitRequest: visitRequest('Vi har ändrat dagordningen') } })).status).toBe(
      200,
    );

    const shows = (what: string, text: string) => {
      expect(text, what).toContain(companyA.name);
      for (const other of othersNames) expect(text, what).not.toContain(other);
    };

    // The company's own view of event A: API, manage page, calendar file.
    const view = (await (await manage(a.token)).json()) as { company: typeof companyA & { orgNumber: string } };
    expect({ name: view.company.name, industry: view.company.industry, address: view.company.address }).toEqual(companyA);
    shows('manage page', await (await fetch(`${baseUrl}/hantera/${a.token}`)).text());
    const calendar = new ICAL.Component(ICAL.parse(await (await fetch(`${baseUrl}/api/registrations/${a.token}/calendar.ics`)).text()));
    const summaries = calendar.getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('summary')));
    expect(summaries).toContain(`Företagsbesök: ${companyA.name}`);

    // The organisers' view of event A: API, page, export, visit list.
    const adminView = (await (await admin(`/events/${eventA}/registrations/${a.id}`)).json()) as {
      registration: { company: { name: string } };
    };
    expect(adminView.registration.company.name).toBe(companyA.name);
    const { cookie } = await signInOverHttp(baseUrl);
    shows('admin page', await (await fetch(`${baseUrl}/admin/events/${eventA}/anmalningar/${a.id}`, { headers: { cookie } })).text());
    shows('export', await (await admin(`/events/${eventA}/exports/registreringar.csv`)).text());
    const { visits } = (await (await admin(`/events/${eventA}/visits`)).json()) as { visits: { company: { name: string } }[] };
    expect(visits.map((v) => v.company.name)).toEqual([companyA.name]);

    // The hosts' invites sent after B's change, as the mailbox shows what was sent.
    const outbox = (await (await admin(`/events/${eventA}/outbox`)).json()) as { rows: { id: string; kind: string; to: string }[] };
    const invited = FIRM_HOSTS.filter((h) => outbox.rows.some((m) => m.kind === 'visit_changed' && m.to === h.email));
    expect(invited.length, 'hosts with an updated invite').toBeGreaterThanOrEqual(2);
    for (const host of invited) {
      const update = outbox.rows.find((m) => m.kind === 'visit_changed' && m.to === host.email);
      const page = await (await fetch(`${baseUrl}/dev/mailbox/${update?.id}`)).text();
      const ics = unescapeHtml(/<pre class="mail-text"[^>]*>(BEGIN:VCALENDAR[\s\S]*?)<\/pre>/.exec(page)?.[1] ?? '');
      const invite = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent');
      expect(invite?.getFirstPropertyValue('summary')).toBe(`Företagsbesök: ${companyA.name}`);
      shows(`invite to ${host.email}`, ics);
    }
  });
});
