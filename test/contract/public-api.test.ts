/**
 * The public API and pages, the same tests against both runtimes, so no behaviour can drift between
 * Node + SQLite and Workers + D1.
 */
import { describe, expect, inject, it } from 'vitest';

const targets = inject('targets');

describe.each(targets)('$name runtime', ({ baseUrl }) => {
  const get = (path: string, init?: RequestInit) => fetch(`${baseUrl}${path}`, init);

  it('answers the health check after asking the database', async () => {
    const response = await get('/api/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('lists the published demo event', async () => {
    const response = await get('/api/events');
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: { slug: string; timeZone: string; registration: { isOpen: boolean } }[] };
    const demo = events.filter((e) => /^stora-motesdagen-\d{4}$/.test(e.slug));
    expect(demo).toHaveLength(1);
    expect(demo[0]?.timeZone).toBe('Europe/Stockholm');
    expect(demo[0]?.registration.isOpen).toBe(true);
  });

  it('returns one event with its program and remaining places', async () => {
    const { events } = (await (await get('/api/events')).json()) as { events: { slug: string }[] };
    const response = await get(`/api/events/${events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug}`);
    expect(response.status).toBe(200);
    const event = (await response.json()) as {
      sessions: { id: string; capacity: number; remaining: number; confirmed: number; isFull: boolean; startsAt: string }[];
      visitSlots: unknown[];
      topics: unknown[];
    };
    expect(event.sessions.length).toBeGreaterThanOrEqual(8);
    expect(event.sessions.length).toBeLessThanOrEqual(12);
    for (const session of event.sessions) {
      expect(session.remaining).toBe(session.capacity - session.confirmed);
      expect(session.isFull).toBe(session.remaining === 0);
    }
    const starts = event.sessions.map((s) => s.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(event.visitSlots.length).toBeGreaterThan(0);
    expect(event.topics.length).toBeGreaterThan(0);
  });

  it('answers an unknown event with a problem document', async () => {
    const response = await get('/api/events/finns-inte');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, code: 'event_not_found' });
  });

  it('names the field when a path parameter is invalid', async () => {
    const response = await get('/api/events/NOT_A_SLUG');
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; errors: { path: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e) => e.path)).toEqual(['slug']);
  });

  it('answers unknown API paths in JSON, not with the site', async () => {
    const response = await get('/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves the OpenAPI document', async () => {
    const response = await get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/events', '/api/events/{slug}', '/api/openapi.json']),
    );
  });

  it('renders the home page in Swedish and the English page below /en, each event’s program on its own page', async () => {
    const { events } = (await (await get('/api/events')).json()) as { events: { slug: string }[] };
    const demo = events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug as string;
    const sv = await get('/');
    expect(sv.status).toBe(200);
    expect(sv.headers.get('content-type')).toMatch(/^text\/html/);
    const svHtml = await sv.text();
    expect(svHtml).toContain('<html lang="sv"');
    expect(svHtml).toMatch(/Stora Mötesdagen \d{4}/);
    expect(svHtml).toContain(`href="/evenemang/${demo}"`);
    const program = await get(`/evenemang/${demo}`);
    expect(program.status).toBe(200);
    expect(await program.text()).toContain('platser kvar');

    const en = await get('/en/');
    const enHtml = await en.text();
    expect(en.status).toBe(200);
    expect(enHtml).toContain('<html lang="en"');
    expect(enHtml).toContain(`href="/en/evenemang/${demo}"`);
    expect(await (await get(`/en/evenemang/${demo}`)).text()).toContain('places left');
  });

  it('serves static assets and a 404 page for unknown pages', async () => {
    const icon = await get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const missing = await get('/finns-inte');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Sidan finns inte');
  });
});
