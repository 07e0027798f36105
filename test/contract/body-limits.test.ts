/**
 * Request-body limits, per door, on both runtimes: a body over its door's limit is refused with 413, at once when
 * Content-Length announces it and while it streams when it does not, before any route or page reads it.
 */
import { describe, expect, inject, it } from 'vitest';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { rawRequest, streamUpload } from '../support/raw-http.ts';
import { registrationBody } from '../support/registrations.ts';

const targets = inject('targets');
const MiB = 1024 * 1024;

describe.each(targets)('request-body limits on $name', ({ name, baseUrl }) => {
  const base = name === 'node' ? 60_000 : 61_000;

  it('refuses an announced oversized JSON body at once, before it is sent', async () => {
    // 50 MB announced, 64 kB sent: the answer comes without the server waiting for the rest.
    const answer = await streamUpload(`${baseUrl}/api/events/${CAPACITY_EVENT}/registrations`, {
      headers: { 'content-type': 'application/json' },
      declaredLength: 50 * MiB,
      total: 50 * MiB,
      delayMs: 50,
    });
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(answer.sent).toBeLessThan(10 * MiB);
  });

  it('refuses an oversized JSON body sent in chunks, without a length', async () => {
    const answer = await streamUpload(`${baseUrl}/api/events/${CAPACITY_EVENT}/registrations`, {
      headers: { 'content-type': 'application/json' },
      total: 4 * MiB,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'payload_too_large' });
  });

  it('answers an oversized form post with a Swedish page that does not show what was sent', async () => {
    const answer = await streamUpload(`${baseUrl}/anmalan/${CAPACITY_EVENT}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
      total: 2 * MiB,
      fill: 'Z',
    });
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toMatch(/text\/html/);
    expect(answer.body).toContain('lang="sv"');
    expect(answer.body).toContain('för stort');
    expect(answer.body).not.toContain('ZZZZ');
  });

  it('limits the CSV import door and the webhook door', async () => {
    const csv = await streamUpload(`${baseUrl}/admin/events/${CAPACITY_EVENT}/vardar/import`, {
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      total: 6 * MiB,
    });
    expect(csv.status).toBe(413);
    const csvApi = await streamUpload(`${baseUrl}/api/admin/events/${CAPACITY_EVENT}/hosts/import`, {
      headers: { 'content-type': 'application/json' },
      total: 6 * MiB,
    });
    expect(csvApi.status).toBe(413);
    // The webhook checks the size before it reads the body, whatever its signature.
    const webhook = await streamUpload(`${baseUrl}/api/webhooks/resend`, {
      headers: { 'content-type': 'application/json', 'svix-id': 'msg_1', 'svix-timestamp': '1', 'svix-signature': 'v1,x' },
      total: 1 * MiB,
    });
    expect(webhook.status).toBe(413);
    expect(JSON.parse(webhook.body)).toMatchObject({ code: 'payload_too_large' });
  });

  it('still takes bodies within the limit, with or without a length', async () => {
    const body = JSON.stringify(registrationBody(base, [{ sessionIds: ['cap-later'] }]));
    const answer = await rawRequest(`${baseUrl}/api/events/${CAPACITY_EVENT}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body,
    });
    expect(answer.status).toBe(202);
    // A form post whose body was read by the limit still reaches the page: it answers with the form's errors.
    const form = await rawRequest(`${baseUrl}/anmalan/${CAPACITY_EVENT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked', origin: baseUrl },
      body: 'company.name=Ett+f%C3%B6retag',
    });
    expect(form.status).toBe(422);
    expect(form.body).toContain('Ett företag');
  });

  it('keeps answering /api/health while a large upload streams in', async () => {
    const upload = streamUpload(`${baseUrl}/admin/events/${CAPACITY_EVENT}/vardar/import`, {
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      total: 3 * MiB,
      chunk: 16 * 1024,
      delayMs: 10,
    });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const health = await fetch(`${baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    await upload;
  });
});
