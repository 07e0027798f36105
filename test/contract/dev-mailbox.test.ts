/**
 * The development mailbox shows every queued email, organisers' sign-in links among them: it must answer only
 * someone sitting at the machine, on both runtimes. The servers here run with the default settings (no
 * RESEND_API_KEY, NODE_ENV unset), so the mailbox is on.
 */
import { describe, expect, inject, it } from 'vitest';
import { externalAddress, rawRequest } from '../support/raw-http.ts';

const targets = inject('targets');
const devPages = ['/dev/mailbox', '/dev/emails', '/dev/mailbox/00000000-0000-0000-0000-000000000000'];

describe.each(targets)('development mailbox on $name', ({ name, baseUrl }) => {
  it('answers a request from this machine', async () => {
    const answer = await rawRequest(`${baseUrl}/dev/mailbox`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Mailbox');
  });

  it('is not found for a client address that is not loopback, nor through a proxy, nor under another host name', async () => {
    const attempts: Record<string, string>[] = [
      // Cloudflare sets this header to the visitor's address; a proxy sets the others.
      { 'cf-connecting-ip': '203.0.113.9' },
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9' },
      { 'x-real-ip': '203.0.113.9' },
      { host: 'motesdagen.example.se' },
    ];
    for (const path of devPages) {
      for (const headers of attempts) {
        const answer = await rawRequest(`${baseUrl}${path}`, { headers });
        expect(answer.status, `${path} with ${JSON.stringify(headers)}`).toBe(404);
        expect(answer.body).not.toContain('organiser_login');
      }
    }
  });

  it.runIf(name === 'node')('is not found through the machine’s network address', async () => {
    const address = await externalAddress();
    if (!address) return;
    for (const path of devPages) {
      const answer = await rawRequest(`${baseUrl}${path}`, { host: address });
      expect(answer.status, path).toBe(404);
    }
  });
});
