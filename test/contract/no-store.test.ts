/**
 * Answers that show personal data are never stored by a browser or a shared cache: the manage link's API (the
 * registration, its data export and its calendar file), the manage pages, the host pages and every admin page,
 * whatever their status, on both runtimes.
 */
import { describe, expect, inject, it } from 'vitest';
import { confirmationLinkFromMailbox, confirmThrough } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { rawRequest } from '../support/raw-http.ts';
import { registrationBody } from '../support/registrations.ts';
import { signInOverHttp } from '../support/sign-in-http.ts';

const targets = inject('targets');

describe.each(targets)('Cache-Control on $name', ({ name, baseUrl }) => {
  it('is no-store on every answer with personal data', async () => {
    const created = await fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registrationBody(name === 'node' ? 66_000 : 67_000, [{ sessionIds: ['cap-later'] }])),
    });
    expect(created.status).toBe(202);
    expect(created.headers.get('cache-control'), 'the answer to a registration').toBe('no-store');
    const contact = `kontakt${name === 'node' ? 66_000 : 67_000}@foretag${name === 'node' ? 66_000 : 67_000}.se`;
    const link = await confirmationLinkFromMailbox(baseUrl, contact);
    const { token } = await confirmThrough((path, init) => fetch(`${baseUrl}${path}`, init), link);
    const events = (await (await fetch(`${baseUrl}/api/events`)).json()) as { events: { slug: string }[] };
    const slug = events.events[0]?.slug as string;
    const { cookie } = await signInOverHttp(baseUrl);

    const anonymous = [
      `/api/registrations/${token}`,
      `/api/registrations/${token}/data`,
      `/api/registrations/${token}/calendar.ics`,
      '/api/registrations/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      `/hantera/${token}`,
      `/en/hantera/${token}`,
      '/hantera/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      '/vard/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      `/bekrafta/${link.id}/${link.token}`,
      `/en/bekrafta/${link.id}/${link.token}`,
      `/api/confirmations/${link.id}/${link.token}`,
    ];
    const signedIn = [
      '/admin',
      '/admin/tokens',
      '/admin/organisers',
      `/admin/events/${slug}`,
      `/admin/events/${slug}/anmalningar`,
      `/admin/events/${slug}/deltagare`,
      `/admin/events/${slug}/vardar`,
      `/admin/events/${slug}/planering`,
      `/admin/events/${slug}/utskick`,
      `/admin/events/${slug}/audit`,
      `/admin/events/${slug}/export`,
      `/admin/events/${slug}/incheckning`,
      '/api/admin/me',
      `/api/admin/events/${slug}/registrations`,
    ];
    const missing: string[] = [];
    for (const [paths, headers] of [
      [anonymous, {}],
      [signedIn, { cookie }],
    ] as const) {
      for (const path of paths) {
        const answer = await rawRequest(`${baseUrl}${path}`, { headers });
        if (answer.headers['cache-control'] !== 'no-store') missing.push(`${path} (${answer.status}): ${answer.headers['cache-control']}`);
      }
    }
    // A change through the manage page that fails validation shows the posted data again.
    const posted = await rawRequest(`${baseUrl}/hantera/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
      body: 'contact.email=not-an-address',
    });
    if (posted.headers['cache-control'] !== 'no-store')
      missing.push(`POST /hantera (${posted.status}): ${posted.headers['cache-control']}`);
    expect(missing).toEqual([]);
  });
});
