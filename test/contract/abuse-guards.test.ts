/**
 * Nobody books out an event or mails strangers, through the doors an anonymous caller has, on Node and inside
 * wrangler dev: a new registration mails only its contact until the contact confirms (a GET of the link confirms
 * nothing), a company may list at most the event's number of attendees, a company already registered gets the very
 * same answer as a new one, a burst of registrations alerts the organisers once, and the organisers' pause closes
 * the form and the API with a clear answer until they reopen.
 */
import { describe, expect, inject, it } from 'vitest';
import { confirmationLinkFromMailbox } from '../support/confirm.ts';
import { BURST_EVENT, CAPACITY_EVENT, FIXTURE_API_TOKEN, PAUSE_EVENT } from '../support/fixtures.ts';
import { rawRequest } from '../support/raw-http.ts';
import { registrationBody } from '../support/registrations.ts';

const targets = inject('targets');

interface MailboxRow {
  kind: string;
  subject: string;
  status: string;
}

describe.each(targets)('abuse guards on $name', ({ name, baseUrl }) => {
  const base = name === 'node' ? 96_000 : 97_000;
  const post = (slug: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/api/events/${slug}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  /** Every message to one address as the development mailbox lists it. */
  const mailTo = async (address: string): Promise<MailboxRow[]> => {
    const page = await (await fetch(`${baseUrl}/dev/mailbox?to=${encodeURIComponent(address)}`)).text();
    return page
      .split('<tr')
      .slice(2)
      .map((row) => {
        const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, '').trim());
        return { kind: cells[3] ?? '', subject: cells[2] ?? '', status: cells[5] ?? '' };
      });
  };
  const held = (rows: MailboxRow[]) => rows.filter((r) => r.status.startsWith('held'));
  const admin = (path: string, body: unknown) =>
    fetch(`${baseUrl}/api/admin${path}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${FIXTURE_API_TOKEN}` },
      body: JSON.stringify(body),
    });
  const form = (slug: string, body: ReturnType<typeof registrationBody>) => {
    const fields = new URLSearchParams({
      'company.orgNumber': body.company.orgNumber,
      'company.name': body.company.name,
      'company.industry': body.company.industry,
      'company.address.street': body.company.address.street,
      'company.address.postalCode': body.company.address.postalCode,
      'company.address.city': body.company.address.city,
      'contact.name': body.contact.name,
      'contact.email': body.contact.email,
      'contact.phone': body.contact.phone,
      attendeeCount: String(body.attendees.length),
      consent: 'yes',
      _action: 'submit',
    });
    body.attendees.forEach((a, i) => {
      fields.set(`attendees.${i}.name`, a.name);
      fields.set(`attendees.${i}.email`, a.email);
      for (const id of a.sessionIds) fields.append(`attendees.${i}.sessionIds`, id);
    });
    return rawRequest(`${baseUrl}/anmalan/${slug}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
      body: fields.toString(),
    });
  };

  it('mails only the contact until the contact confirms by the link, and a GET of the link confirms nothing', async () => {
    const body = registrationBody(
      base,
      Array.from({ length: 5 }, () => ({ sessionIds: ['cap-overlap'] })),
    );
    const answer = await post(CAPACITY_EVENT, body);
    expect(answer.status).toBe(202);
    expect(JSON.stringify(await answer.json())).not.toMatch(/hantera|bekrafta|manage/i);

    const attendees = body.attendees.map((a) => a.email);
    for (const address of attendees) {
      const rows = await mailTo(address);
      expect(rows.map((r) => r.kind)).toEqual(['session_invite']);
      expect(held(rows)).toHaveLength(1);
    }
    const contactMail = await mailTo(body.contact.email);
    expect(contactMail.filter((r) => !r.status.startsWith('held')).map((r) => r.kind)).toEqual(['registration_confirm_request']);

    // A mail scanner follows the link: the page shows a button and changes nothing.
    const link = await confirmationLinkFromMailbox(baseUrl, body.contact.email);
    const page = await rawRequest(`${baseUrl}/bekrafta/${link.id}/${link.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Först när ni klickar skickas bekräftelser och kalenderinbjudningar till era deltagare');
    expect(page.body).toMatch(/<form method="post"[^>]*>[\s\S]*<button[^>]*type="submit"/);
    for (const address of attendees) expect(held(await mailTo(address))).toHaveLength(1);

    // The contact clicks the button: the held messages are released, and the page goes on to the manage page.
    const confirmed = await rawRequest(`${baseUrl}/bekrafta/${link.id}/${link.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
      body: '',
    });
    expect(confirmed.status).toBe(303);
    expect(String(confirmed.headers.location)).toMatch(/^\/hantera\/[A-Za-z0-9_-]{43}\?klar=1$/);
    for (const address of attendees) expect(held(await mailTo(address))).toHaveLength(0);
    expect(held(await mailTo(body.contact.email))).toHaveLength(0);

    // A change may not list more attendees than the event allows either.
    const token = String(confirmed.headers.location).split('/').pop()?.split('?')[0];
    const change = await fetch(`${baseUrl}/api/registrations/${token}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'accept-language': 'sv' },
      body: JSON.stringify({
        attendees: [...body.attendees, { name: 'Sjätte', email: 'sjatte@foretag.example', sessionIds: ['cap-overlap'] }],
      }),
    });
    expect(change.status).toBe(422);
    expect(((await change.json()) as { errors: { path: string; code: string }[] }).errors).toContainEqual(
      expect.objectContaining({ path: 'attendees', code: 'too_many_attendees' }),
    );

    // A link with another registration's token is no link.
    const forged = await rawRequest(`${baseUrl}/bekrafta/00000000-0000-4000-8000-000000000000/${link.token}`);
    expect(forged.status).toBe(404);
  });

  it('refuses more attendees than the event allows, on the API and the form, and queues nothing', async () => {
    const many = registrationBody(
      base + 1,
      Array.from({ length: 20 }, () => ({ sessionIds: ['cap-overlap'] })),
    );
    const answer = await post(CAPACITY_EVENT, many, { 'accept-language': 'sv' });
    expect(answer.status).toBe(422);
    const problem = (await answer.json()) as { errors: { path: string; code: string; message: string }[] };
    expect(problem.errors).toContainEqual({
      path: 'attendees',
      code: 'too_many_attendees',
      message: expect.stringContaining('Högst 5 deltagare per företag'),
    });
    const english = (await (await post(CAPACITY_EVENT, many, { 'accept-language': 'en' })).json()) as typeof problem;
    expect(english.errors.find((e) => e.path === 'attendees')?.message).toContain('At most 5 attendees per company');
    expect(await mailTo(many.contact.email)).toEqual([]);
    expect(await mailTo(many.attendees[0]?.email as string)).toEqual([]);

    const page = await form(
      CAPACITY_EVENT,
      registrationBody(
        base + 2,
        Array.from({ length: 6 }, () => ({ sessionIds: ['cap-overlap'] })),
      ),
    );
    expect(page.status).toBe(422);
    expect(page.body).toContain('Högst 5 deltagare per företag');
  });

  it('answers a company already registered exactly as a new one, and mails the existing contact instead', async () => {
    const first = registrationBody(base + 3, [{ sessionIds: ['cap-overlap'] }]);
    const fresh = await post(CAPACITY_EVENT, first);
    const again = await post(CAPACITY_EVENT, { ...first, contact: { ...first.contact, email: 'inkraktare@annan.example' } });
    const other = await post(CAPACITY_EVENT, registrationBody(base + 4, [{ sessionIds: ['cap-overlap'] }]));
    expect([fresh.status, again.status, other.status]).toEqual([202, 202, 202]);
    const [a, b, c] = await Promise.all([fresh.text(), again.text(), other.text()]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    // The caller's address gets nothing; the contact on file got the request to confirm (once, within the cooldown).
    expect(await mailTo('inkraktare@annan.example')).toEqual([]);
    expect((await mailTo(first.contact.email)).map((r) => r.kind)).toContain('registration_confirm_request');

    // The form says the same in both cases, and is honest about what happens.
    const pageNew = await form(CAPACITY_EVENT, registrationBody(base + 5, [{ sessionIds: ['cap-overlap'] }]));
    const pageAgain = await form(CAPACITY_EVENT, registrationBody(base + 5, [{ sessionIds: ['cap-overlap'] }]));
    expect([pageNew.status, pageAgain.status]).toEqual([303, 303]);
    expect(pageAgain.headers.location).toBe(pageNew.headers.location);
    const sent = await rawRequest(`${baseUrl}${pageNew.headers.location}`);
    expect(sent.body).toContain('Om företaget redan är anmält får kontaktpersonen ett mejl med sin länk.');
  });

  it('alerts the organisers once when registrations arrive faster than the threshold', async () => {
    expect((await admin(`/events/${BURST_EVENT}`, { burstAlertThreshold: 3 })).status).toBe(200);
    for (let i = 0; i < 6; i++) {
      expect((await post(BURST_EVENT, registrationBody(base + 10 + i, [{ sessionIds: ['rusning-1'] }]))).status).toBe(202);
    }
    // The fixture events name no organiser accounts: the alert goes to the event's organiser address, which the other
    // fixture events share (they may have had bursts of their own in this run).
    const alerts = (await mailTo('test@norrvik.example')).filter(
      (r) => r.kind === 'registration_burst_alert' && r.subject.includes(`Testdagen ${BURST_EVENT}`),
    );
    expect(alerts).toHaveLength(1);
  });

  it('pauses the form and the API for new registrations and changes with one switch, and reopens', async () => {
    expect((await admin(`/events/${PAUSE_EVENT}`, { registrationPaused: true })).status).toBe(200);
    const body = registrationBody(base + 20, [{ sessionIds: ['paus-1'] }]);
    const refused = await post(PAUSE_EVENT, body);
    expect(refused.status).toBe(423);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await refused.json()) as { code: string }).code).toBe('registration_paused');
    const page = await form(PAUSE_EVENT, body);
    expect(page.status).toBe(423);
    expect(page.body).toContain('Arrangören har pausat anmälan');
    expect((await rawRequest(`${baseUrl}/anmalan/${PAUSE_EVENT}`)).body).toContain('Arrangören har pausat anmälan');
    expect(await mailTo(body.contact.email)).toEqual([]);

    expect((await admin(`/events/${PAUSE_EVENT}`, { registrationPaused: false })).status).toBe(200);
    expect((await post(PAUSE_EVENT, body)).status).toBe(202);

    // A confirmed company cannot change its registration while paused either.
    const link = await confirmationLinkFromMailbox(baseUrl, body.contact.email);
    const confirmed = (await (await fetch(`${baseUrl}/api/confirmations/${link.id}/${link.token}`, { method: 'POST' })).json()) as {
      manageUrl: string;
    };
    const manage = `${baseUrl}/api/registrations/${new URL(confirmed.manageUrl).pathname.split('/').pop()}`;
    expect((await admin(`/events/${PAUSE_EVENT}`, { registrationPaused: true })).status).toBe(200);
    const change = await fetch(manage, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contact: { ...body.contact, name: 'Ny Kontakt' } }),
    });
    expect(change.status).toBe(423);
    expect((await admin(`/events/${PAUSE_EVENT}`, { registrationPaused: false })).status).toBe(200);
  });
});
