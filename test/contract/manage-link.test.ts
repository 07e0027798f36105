/**
 * Knowing a company's organisation number gives no power over its manage link: a duplicate registration and a
 * request for a new link on a dead manage page never stop the company's own link from working, new links are
 * sent at most once per company per cooldown, and the answer is the same whether or not the company is registered.
 */
import { describe, expect, inject, it } from 'vitest';
import { confirmationLinkFromMailbox, confirmThrough } from '../support/confirm.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { rawRequest } from '../support/raw-http.ts';
import { orgNumber, registrationBody } from '../support/registrations.ts';

const targets = inject('targets');

describe.each(targets)('manage links on $name', ({ name, baseUrl }) => {
  const base = name === 'node' ? 68_000 : 69_000;
  const register = (n: number) =>
    fetch(`${baseUrl}/api/events/${CAPACITY_EVENT}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registrationBody(n, [{ sessionIds: ['cap-later'] }])),
    });
  const askForLink = (org: string) =>
    rawRequest(`${baseUrl}/hantera/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
      body: new URLSearchParams({ orgNumber: org }).toString(),
    });
  /** Registers and confirms by the link in the contact's email; answers the manage token. */
  const registerConfirmed = async (n: number) => {
    expect((await register(n)).status).toBe(202);
    const { token } = await confirmThrough(
      (path, init) => fetch(`${baseUrl}${path}`, init),
      await confirmationLinkFromMailbox(baseUrl, `kontakt${n}@foretag${n}.se`),
    );
    return token;
  };
  const resentTo = async (email: string) => {
    const mailbox = await (await fetch(`${baseUrl}/dev/mailbox`)).text();
    return mailbox.split('<tr').filter((row) => row.includes(email) && row.includes('manage_link_resent')).length;
  };

  it('keeps the company’s link working after a duplicate registration and after requests for a new link', async () => {
    const link = await registerConfirmed(base);

    const duplicate = await register(base);
    expect(duplicate.status).toBe(202);
    expect((await fetch(`${baseUrl}/api/registrations/${link}`)).status).toBe(200);

    expect((await askForLink(orgNumber(base))).status).toBe(200);
    expect((await askForLink(orgNumber(base))).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/registrations/${link}`)).status).toBe(200);
    expect((await rawRequest(`${baseUrl}/hantera/${link}`)).status).toBe(200);
  });

  it('sends a new link at most once per company per cooldown', async () => {
    await registerConfirmed(base + 1);
    const contact = `kontakt${base + 1}@foretag${base + 1}.se`;
    for (let i = 0; i < 3; i++) await askForLink(orgNumber(base + 1));
    await register(base + 1);
    expect(await resentTo(contact)).toBe(1);
  });

  it('answers a request for a new link the same whether or not the company is registered', async () => {
    await registerConfirmed(base + 2);
    const registered = await askForLink(orgNumber(base + 2));
    const unknown = await askForLink(orgNumber(base + 3));
    expect(unknown.status).toBe(registered.status);
    const strip = (html: string) => html.replaceAll(orgNumber(base + 2), 'ORG').replaceAll(orgNumber(base + 3), 'ORG');
    expect(strip(unknown.body)).toBe(strip(registered.body));
  });
});
