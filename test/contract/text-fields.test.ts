/**
 * One-line fields refuse line breaks, control characters and bidi overrides (which make "exe.pdf" read as
 * "fdp.exe" in an organiser's list); multi-line text is taken where it belongs: viewpoints and the visit message.
 */
import { describe, expect, inject, it } from 'vitest';
import { registerAndConfirm } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { rawRequest } from '../support/raw-http.ts';
import { registrationBody } from '../support/registrations.ts';
import { signInOverHttp } from '../support/sign-in-http.ts';

const targets = inject('targets');

interface Problem {
  status: number;
  errors?: { path: string; code: string; message: string }[];
}

describe.each(targets)('text fields on $name', ({ name, baseUrl }) => {
  const base = name === 'node' ? 62_000 : 63_000;
  const register = (body: unknown, lang = 'sv') =>
    fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': lang },
      body: JSON.stringify(body),
    });

  it('refuses line breaks and control characters in one-line fields, naming each field', async () => {
    const body = registrationBody(base, [{ sessionIds: ['cap-later'], name: 'Anna\u202Efdp.exe' }]);
    body.company.name = 'Företaget AB\r\nBcc: victim@example.com';
    body.company.address.street = 'Gatan 1\tB';
    body.contact.name = 'Kontakt\u0000Person';
    body.company.address.city = 'Norr\u2066vik\u2069';
    const answer = await register(body);
    expect(answer.status).toBe(422);
    const problem = (await answer.json()) as Problem;
    const codes = Object.fromEntries((problem.errors ?? []).map((e) => [e.path, e.code]));
    expect(codes).toMatchObject({
      'company.name': 'line_break',
      'company.address.street': 'line_break',
      'contact.name': 'control_character',
      'company.address.city': 'control_character',
      'attendees.0.name': 'control_character',
    });
    const message = problem.errors?.find((e) => e.path === 'company.name')?.message ?? '';
    expect(message).toMatch(/rad/);
  });

  it('takes several lines in the viewpoints and the visit message, and keeps marks scripts need', async () => {
    const event = (await (await fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}`)).json()) as { visitSlots: { id: string }[] };
    const body = registrationBody(base + 1, [{ sessionIds: ['cap-later'], name: 'سارا\u200F Ali' }], {
      viewpoints: { text: 'Första raden.\nAndra raden.\r\n\tIndrag.', topics: [] },
      ...(event.visitSlots[0]
        ? { visitRequest: { slotIds: [event.visitSlots[0].id], participants: 2, message: 'Hej!\nVi kommer två.' } }
        : {}),
    });
    const created = await registerAndConfirm<{ viewpoints: { text: string }; attendees: { name: string }[] }>(
      baseUrl,
      CAPACITY_EVENT,
      body,
    );
    expect(created.viewpoints.text).toContain('\nAndra raden.');
    expect(created.attendees[0]?.name).toBe('سارا\u200F Ali');
  });

  it('refuses a bidi override in the viewpoints too', async () => {
    const body = registrationBody(base + 2, [{ sessionIds: ['cap-later'] }], { viewpoints: { text: 'Se \u202Efdp.exe', topics: [] } });
    const answer = await register(body);
    expect(answer.status).toBe(422);
    expect(((await answer.json()) as Problem).errors?.[0]).toMatchObject({ path: 'viewpoints.text', code: 'control_character' });
  });

  it('shows the error beside the field on the registration page, in Swedish', async () => {
    const form = new URLSearchParams({ 'company.name': 'Företaget\u202E AB', consent: 'yes' });
    const answer = await rawRequest(`${baseUrl}/anmalan/${CAPACITY_EVENT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
      body: form.toString(),
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toContain('Företagets namn: Texten innehåller osynliga styrtecken');
  });

  it('holds for what organisers type too: a visit’s cancellation message may run over lines, without bidi overrides', async () => {
    const { cookie } = await signInOverHttp(baseUrl);
    const events = (await (await fetch(`${baseUrl}/api/events`)).json()) as { events: { slug: string }[] };
    const cancel = (reason: string) =>
      fetch(`${baseUrl}/api/admin/events/${events.events[0]?.slug}/visits/no-such-visit/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: baseUrl },
        body: JSON.stringify({ reason }),
      });
    const refused = await cancel('Inställt.\u202E');
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as Problem).errors?.[0]).toMatchObject({ path: 'reason', code: 'control_character' });
    // Two lines pass the rule and reach the visit, which does not exist.
    expect((await cancel('Inställt.\nVi hör av oss.')).status).toBe(404);
  });
});
