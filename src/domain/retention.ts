/**
 * Retention: an event's personal data is erased `retention_days` after it ended (default 365). Rows stay,
 * so anonymous statistics (how many companies, which sessions, industries, visits) remain; names,
 * addresses, email, phone, free text, sent messages, calendar files and the values in the audit log go. Runs from the scheduled job
 * on both runtimes; safe to run often and concurrently (each event is claimed by a conditional UPDATE).
 */
import { sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { Deps } from '../deps.ts';
import { ERASED, erasedCompany, eventErasureExtras } from './erasure.ts';

/** Erases the events that are due, at most `limit` per call (default all); returns the slugs erased. */
export async function eraseExpiredPersonalData(
  deps: Pick<Deps, 'db' | 'batch' | 'clock'>,
  options: { limit?: number } = {},
): Promise<string[]> {
  const now = deps.clock.now();
  const stamp = now.toISOString();
  const due = await deps.db
    .selectFrom('events')
    .select(['id', 'slug'])
    .where('personal_data_erased_at', 'is', null)
    // ends_at + retention_days < now, computed in SQL so it needs no read-then-decide in JavaScript.
    .where(sql<boolean>`strftime('%Y-%m-%dT%H:%M:%fZ', ends_at, '+' || retention_days || ' days') < ${stamp}`)
    .orderBy('ends_at')
    .$if(options.limit !== undefined, (q) => q.limit(options.limit as number))
    .execute();
  const erased: string[] = [];
  for (const event of due) {
    const [claim] = await deps.batch.run([
      compiler
        .updateTable('events')
        .set({ personal_data_erased_at: stamp, updated_at: stamp })
        .where('id', '=', event.id)
        .where('personal_data_erased_at', 'is', null)
        .compile(),
      compiler
        .updateTable('registrations')
        .set({
          contact_name: ERASED,
          contact_email: '',
          contact_phone: '',
          viewpoint_text: '',
          ...erasedCompany,
          manage_token_hash: sql`'erased:' || id`,
          erased_at: stamp,
          updated_at: stamp,
        })
        .where('event_id', '=', event.id)
        .compile(),
      sql`UPDATE attendees SET name = ${ERASED}, email = '' WHERE registration_id IN (SELECT id FROM registrations WHERE event_id = ${event.id})`.compile(
        compiler,
      ),
      compiler
        .updateTable('visit_requests')
        .set({ street: '', postal_code: '', city: '', message: '', updated_at: stamp })
        .where('event_id', '=', event.id)
        .compile(),
      compiler
        .updateTable('hosts')
        .set({ name: ERASED, email: sql`'erased-' || id`, phone: '', access_token_hash: null, feed_token_hash: null, updated_at: stamp })
        .where('event_id', '=', event.id)
        .compile(),
      compiler.deleteFrom('outbox').where('event_id', '=', event.id).compile(),
      // A notice still waiting would be rendered into an email to nobody's address: the people it would tell are gone.
      compiler.deleteFrom('place_notices').where('event_id', '=', event.id).compile(),
      compiler.updateTable('calendar_items').set({ last_ics: null, updated_at: stamp }).where('event_id', '=', event.id).compile(),
      // The audit log's snapshots (src/domain/erasure.ts).
      ...eventErasureExtras(event.id),
      // Replay protection is only needed while clients retry; the records hold sealed manage links.
      compiler
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', new Date(now.getTime() - 86_400_000).toISOString())
        .compile(),
    ]);
    // Another runner may have claimed the event a moment earlier: its batch did the work (and ours, all
    // idempotent updates, changed nothing more).
    if (claim?.changes) erased.push(event.slug);
  }
  return erased;
}
