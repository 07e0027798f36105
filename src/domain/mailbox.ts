/**
 * The development mailbox: the outbox as a list of messages to read, for the demo and for developers
 * when no email provider is configured. Never available in production or when mail really goes out,
 * because messages carry private links.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Config } from '../config.ts';

export const mailboxEnabled = (config: Config) => !config.resendApiKey && config.environment !== 'production';

export function createMailbox(db: Kysely<Database>, config: Config) {
  return {
    enabled: mailboxEnabled(config),
    list: (limit = 200) =>
      db
        .selectFrom('outbox')
        .select(['id', 'kind', 'to_address', 'subject', 'status', 'ics_method', 'created_at'])
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute(),
    get: (id: string) => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst(),
  };
}
