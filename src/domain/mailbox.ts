/**
 * The development mailbox: the outbox as a list of messages to read, for the demo and for developers
 * when no email provider is configured. Never available in production or when mail really goes out,
 * because messages carry private links.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { createPrivateLinks, withoutPrivateLinks } from '../mail/private-links.ts';

export const mailboxEnabled = (config: Config) => mailboxOn(config.resendApiKey, config.environment);

/** The mailbox is on without an email provider, outside production. */
export const mailboxOn = (resendApiKey: string | undefined, environment: string) => !resendApiKey && environment !== 'production';

/** localhost, *.localhost, 127.0.0.0/8 and ::1: names and addresses that only reach this machine. */
export function isLocalHostname(hostname: string): boolean {
  const name = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || isLoopbackAddress(name);
}

/** A loopback IP address (IPv4 127/8, IPv6 ::1, and IPv4 loopback mapped into IPv6). */
export function isLoopbackAddress(address: string): boolean {
  const value = address.toLowerCase().replace(/^::ffff:/, '');
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(value) || value === '::1' || value === '0:0:0:0:0:0:0:1';
}

/** Headers a proxy adds: a request that carries one came from somewhere else, whatever its socket says. */
const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'cf-connecting-ip', 'true-client-ip'];

/**
 * Whether a request comes from this machine and nowhere else: from a loopback address, for a local host name,
 * with no header a proxy would add. `peer` is the address the request arrived from (the socket on Node, the
 * visitor's address as Cloudflare reports it at the edge).
 */
export function isLocalRequest(request: { url: string; header: (name: string) => string | undefined }, peer: string): boolean {
  if (!isLoopbackAddress(peer)) return false;
  if (!isLocalHostname(new URL(request.url).hostname)) return false;
  const host = request.header('host');
  if (host !== undefined && !isLocalHostname(host.replace(/:\d+$/, ''))) return false;
  return forwardingHeaders.every(
    (name) => request.header(name) === undefined || (name === 'cf-connecting-ip' && request.header(name) === peer),
  );
}

export function createMailbox(db: Kysely<Database>, config: Config) {
  const privateLinks = createPrivateLinks(config.linkSecret);
  return {
    enabled: mailboxEnabled(config),
    /** The newest messages, or the newest to one address (the page's `?to=`). */
    list: (limit = 200, to?: string) =>
      db
        .selectFrom('outbox')
        .select(['id', 'kind', 'to_address', 'subject', 'status', 'held', 'ics_method', 'created_at'])
        .$if(to !== undefined, (q) => q.where('to_address', '=', to as string))
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute(),
    /** One message as it is sent: its private links opened (the outbox stores them sealed). */
    async get(id: string) {
      const message = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      if (!message) return undefined;
      const opened = async (text: string) => privateLinks.open(text).catch(() => withoutPrivateLinks(text));
      return { ...message, html: await opened(message.html), text: await opened(message.text) };
    },
  };
}
