/**
 * Every door, every content type, malformed bodies: posts (and the API's other methods) to every page and every
 * API route, signed out and signed in, find no 5xx, on both runtimes. HEAD to pages answers like GET without a body.
 */
import { describe, expect, inject, it } from 'vitest';
import { registerAndConfirm } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { rawRequest } from '../support/raw-http.ts';
import { registrationBody } from '../support/registrations.ts';
import { signInOverHttp } from '../support/sign-in-http.ts';

const targets = inject('targets');

/** Fields that steer the pages' form handling, all with values that are wrong in some way. */
const steering = (csrf: string) =>
  new URLSearchParams([
    ['csrf', csrf],
    ['_action', 'accept'],
    ['action', 'create'],
    // Values that end up in a redirect's Location must not break the header.
    ['part', 'constructor€\r\nSet-Cookie: x=1'],
    ['plan', '{"visits": [1, '],
    ['expiry', '1e300'],
    ['name', 'Fuzz'],
    ['id', '../../x€\r\n'],
    ['date', '2027-02-30'],
    ['startTime', '25:61'],
    ['endTime', 'x'],
    ['latitude', 'NaN'],
    ['longitude', '1e999'],
    ['capacity', '-1'],
    ['slotIds', 'x'],
    ['attendeeId', 'x'],
    ['status', 'nonsense'],
    ['file', 'x'],
    ['csv', 'a;b\n"'],
  ]).toString();

/** Every flag the pages read from their query, with values that name inherited properties or are not numbers. */
const hostileQuery = [
  ...'andra avbokad bekrafta bekraftat borttagen forslag godkant hoppade in inbjuden klar klart kopierad nya q session skapad skickad sparad sparat uppdaterade uppflyttade ut utloggad vard zon part sida page status'
    .split(' ')
    .map((flag) => `${flag}=constructor`),
  'sida=-1',
  'page=1e400',
  'q=%ZZ',
  'status=__proto__',
].join('&');

function bodies(csrf: string): { type: string | undefined; body: string }[] {
  return [
    { type: 'application/json', body: '{"a":' },
    { type: 'application/json', body: 'null' },
    { type: 'application/json', body: '[1,2]' },
    { type: 'application/json', body: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}' },
    { type: 'application/json; charset=latin1', body: '{"company":"\u00ff"}' },
    { type: 'multipart/form-data', body: 'x' },
    { type: 'multipart/form-data; boundary=zzz', body: '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated' },
    {
      type: 'multipart/form-data; boundary=zzz',
      body: `--zzz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n\xff\xfe;;"\r\n--zzz--\r\n`,
    },
    { type: 'application/x-www-form-urlencoded', body: '%E0%A4%A=&a=%%%&&=&b' },
    { type: 'application/x-www-form-urlencoded', body: steering(csrf) },
    { type: 'application/x-www-form-urlencoded; charset=utf-16', body: 'a=b' },
    { type: 'text/plain', body: 'hello' },
    { type: 'application/xml', body: '<a/>' },
    { type: undefined, body: 'abc' },
    { type: 'application/x-www-form-urlencoded', body: '' },
  ];
}

async function discoverPaths(baseUrl: string, slug: string, manageToken: string) {
  const pages = [
    '/',
    '/en/',
    '/integritet',
    '/en/integritet',
    `/evenemang/${slug}`,
    `/en/evenemang/${slug}`,
    `/integritet/${slug}`,
    `/en/integritet/${slug}`,
    `/anmalan/${slug}`,
    `/en/anmalan/${slug}`,
    `/anmalan/${CAPACITY_EVENT}`,
    `/hantera/${manageToken}`,
    `/en/hantera/${manageToken}`,
    '/hantera/not-a-token',
    '/bekrafta/not-an-id/not-a-token',
    '/bekrafta/00000000-0000-4000-8000-000000000000/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '/en/bekrafta/00000000-0000-4000-8000-000000000000/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '/vard/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '/admin',
    '/admin/login/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '/admin/organisers',
    '/admin/tokens',
    '/admin/events/ny',
    ...[
      '',
      '/anmalningar',
      '/anmalningar/x',
      '/audit',
      '/besokstider',
      '/deltagare',
      '/export',
      '/incheckning',
      '/installningar',
      '/planering',
      '/planering/besok/x',
      '/planering/placera/x',
      '/planering/scheman',
      '/program',
      '/utskick',
      '/utskick/x',
      '/vardar',
      '/vardar/import',
      '/vardar/x',
      '/vardar/tillganglighet',
    ].map((rest) => `/admin/events/${slug}${rest}`),
    '/no/such/page',
  ];
  const document = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const api = Object.entries(document.paths).map(([path, operations]) => ({
    path: path
      .replace('{slug}', slug)
      .replace('{token}', path.includes('.ics') ? `${manageToken}` : manageToken)
      .replace(/\{[^}]+\}/g, 'x'),
    methods: Object.keys(operations).map((m) => m.toUpperCase()),
  }));
  return { pages, api };
}

describe.each(targets)('no 5xx through any door on $name', ({ name, baseUrl }) => {
  it('survives every content type and malformed body on every page and API route, signed out and in', { timeout: 600_000 }, async () => {
    const events = (await (await fetch(`${baseUrl}/api/events`)).json()) as { events: { slug: string }[] };
    const slug = events.events[0]?.slug as string;
    const created = await registerAndConfirm(
      baseUrl,
      CAPACITY_EVENT,
      registrationBody(name === 'node' ? 64_000 : 65_000, [{ sessionIds: ['cap-later'] }]),
    );
    const manageToken = new URL(created.manageUrl).pathname.split('/').pop() as string;
    const session = await signInOverHttp(baseUrl);
    const { pages, api } = await discoverPaths(baseUrl, slug, manageToken);
    const failures: string[] = [];
    const send = async (method: string, path: string, type: string | undefined, body: string | undefined, cookie?: string) => {
      const headers: Record<string, string> = { origin: baseUrl };
      if (type) headers['content-type'] = type;
      if (cookie) headers.cookie = cookie;
      const answer = await rawRequest(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : Buffer.from(body, 'latin1'),
      });
      // The webhook answers 503 by design while no signing secret is configured (as on these servers).
      const expected503 = answer.status === 503 && path.startsWith('/api/webhooks/');
      if (answer.status >= 500 && !expected503)
        failures.push(
          `${answer.status} ${method} ${path} ${cookie ? 'signed in' : 'anonymous'} ${type ?? '(no type)'} ${body?.slice(0, 40) ?? ''}`,
        );
      return answer;
    };
    for (const cookie of [undefined, session.cookie]) {
      for (const path of pages) {
        // HEAD answers as GET does, without a body and without an error on the server.
        const head = await send('HEAD', path, undefined, undefined, cookie);
        expect(head.body, `HEAD ${path}`).toBe('');
        for (const { type, body } of bodies(session.csrf)) await send('POST', path, type, body, cookie);
        await send('PUT', path, 'application/json', '{}', cookie);
        await send('GET', `${path}?${hostileQuery}`, undefined, undefined, cookie);
      }
      for (const { path, methods } of api) {
        for (const method of new Set([...methods, 'POST', 'PATCH'])) {
          if (method === 'GET' || method === 'HEAD' || method === 'DELETE') {
            await send(method, `${path}?limit=-1&offset=1e400&since=x&status=%ZZ`, undefined, undefined, cookie);
            continue;
          }
          for (const { type, body } of bodies(session.csrf)) await send(method, path, type, body, cookie);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
