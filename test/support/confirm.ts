/**
 * The contact's confirmation, as a contact does it: the link from the confirmation email, posted to the confirm door
 * (POST /api/confirmations/{id}/{token}). Tests that need attendees' mail or the manage link go through it.
 */
import { expect } from 'vitest';

/** A confirmation link in an email's text or HTML. */
const CONFIRMATION_LINK = /\/bekrafta\/([0-9a-f-]{36})\/([A-Za-z0-9_-]{43})/;

export interface ConfirmationLink {
  id: string;
  token: string;
}

export function confirmationLinkIn(text: string): ConfirmationLink {
  const match = text.match(CONFIRMATION_LINK);
  if (!match) throw new Error('no confirmation link in the email');
  return { id: match[1] as string, token: match[2] as string };
}

/** The newest confirmation request to `contact`, read in the development mailbox of a running server. */
export async function confirmationLinkFromMailbox(baseUrl: string, contact: string): Promise<ConfirmationLink> {
  const list = await (await fetch(`${baseUrl}/dev/mailbox?to=${encodeURIComponent(contact)}`)).text();
  const row = list.split('<tr').find((r) => r.includes('registration_confirm_request'));
  const id = row?.match(/href="\/dev\/mailbox\/([0-9a-f-]{36})"/)?.[1];
  if (!id) throw new Error(`no confirmation email to ${contact} in the mailbox`);
  return confirmationLinkIn(await (await fetch(`${baseUrl}/dev/mailbox/${id}`)).text());
}

/** Posts the link to the confirm door; answers the manage link. */
export async function confirmThrough(
  request: (path: string, init: RequestInit) => Response | Promise<Response>,
  link: ConfirmationLink,
): Promise<{ manageUrl: string; token: string }> {
  const answer = await request(`/api/confirmations/${link.id}/${link.token}`, { method: 'POST' });
  expect(answer.status).toBe(200);
  const { manageUrl } = (await answer.json()) as { manageUrl: string };
  return { manageUrl, token: new URL(manageUrl).pathname.split('/').pop() as string };
}

/**
 * Registers over HTTP on a running server, confirms through the mailbox's link and answers the registration as its
 * manage link shows it, with that link (what the registration's answer held before confirmation existed).
 */
export async function registerAndConfirm<T = Record<string, unknown>>(
  baseUrl: string,
  slug: string,
  body: { contact: { email: string } },
  headers: Record<string, string> = {},
): Promise<T & { manageUrl: string }> {
  const answer = await fetch(`${baseUrl}/api/events/${slug}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  expect(answer.status).toBe(202);
  const request = (path: string, init: RequestInit) => fetch(`${baseUrl}${path}`, init);
  const { manageUrl, token } = await confirmThrough(request, await confirmationLinkFromMailbox(baseUrl, body.contact.email));
  const view = (await (await fetch(`${baseUrl}/api/registrations/${token}`)).json()) as T;
  return { ...view, manageUrl };
}

/** An in-process app's database and the opener of the private links its outbox keeps sealed (test/support/app.ts). */
interface OutboxAtHand {
  deps: { sqlite: { prepare(sql: string): { get(...params: unknown[]): unknown } } };
  asSent(text: string): Promise<string>;
}

/**
 * The newest confirmation request to `contact` as it is sent: read in the outbox, where its token is sealed
 * (src/mail/private-links.ts), and opened as the sender opens it.
 */
export async function confirmationLinkFromOutbox(harness: OutboxAtHand, contact: string): Promise<ConfirmationLink> {
  const row = harness.deps.sqlite
    .prepare("SELECT text FROM outbox WHERE kind = 'registration_confirm_request' AND to_address = ? ORDER BY created_at DESC LIMIT 1")
    .get(contact) as { text: string } | undefined;
  if (!row) throw new Error(`no confirmation email to ${contact}`);
  return confirmationLinkIn(await harness.asSent(row.text));
}

/**
 * Registers through an in-process app, confirms by the link in the queued email and answers the registration as its
 * manage link shows it, with that link and its token.
 */
export async function registerAndConfirmIn<T = Record<string, unknown>>(
  harness: OutboxAtHand & { app: { request(path: string, init?: RequestInit): Response | Promise<Response> } },
  slug: string,
  body: { contact: { email: string } },
): Promise<T & { manageUrl: string; token: string }> {
  const request = (path: string, init: RequestInit = {}) => harness.app.request(path, init);
  const answer = await request(`/api/events/${slug}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(answer.status, await answer.clone().text()).toBe(202);
  const { manageUrl, token } = await confirmThrough(request, await confirmationLinkFromOutbox(harness, body.contact.email));
  const view = (await (await request(`/api/registrations/${token}`)).json()) as T;
  return { ...view, manageUrl, token };
}
