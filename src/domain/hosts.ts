/**
 * Hosts' own access: organisers send each host a private link (no account) where the host gives the
 * slots they can do and the topics they know, sees their confirmed visits, and gets a calendar feed.
 */
import type { CompiledQuery } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import { renderEmail } from '../../emails/index.ts';
import type { Deps } from '../deps.ts';
import { enqueueMessage } from '../mail/outbox.ts';
import { createPrivateLinks } from '../mail/private-links.ts';
import { fail, ok, type Result } from './errors.ts';
import { fieldError } from './field-errors.ts';
import { hashSecret, newSecret } from './ids.ts';
import { eventForEmail } from './registration-mail.ts';
import { loadLiveVisits } from './visit-data.ts';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export function createHostService(deps: Deps) {
  const { db, batch, clock, config } = deps;
  const privateLinks = createPrivateLinks(config.linkSecret);

  async function byToken(token: string) {
    if (!TOKEN.test(token)) return undefined;
    return db
      .selectFrom('hosts')
      .selectAll()
      .where('access_token_hash', '=', await hashSecret(token))
      .executeTakeFirst();
  }

  return {
    /** Sends a host their private link (a new one: any earlier link stops working). */
    async invite(hostId: string): Promise<Result<{ queued: true }>> {
      const host = await db.selectFrom('hosts').selectAll().where('id', '=', hostId).executeTakeFirst();
      if (!host) return fail('not_found');
      const event = await db.selectFrom('events').selectAll().where('id', '=', host.event_id).executeTakeFirstOrThrow();
      const slots = await db
        .selectFrom('visit_slots')
        .select(['starts_at as startsAt', 'ends_at as endsAt'])
        .where('event_id', '=', event.id)
        .orderBy('starts_at')
        .execute();
      const token = newSecret();
      const now = clock.now();
      const email = renderEmail({
        kind: 'host_invitation',
        lang: 'sv',
        event: eventForEmail(event),
        recipientName: host.name,
        // The stored email carries the token sealed; the sender opens it (src/mail/private-links.ts).
        hostUrl: `${config.publicUrl}/vard/${await privateLinks.seal(token)}`,
        slots,
      });
      await batch.run([
        compiler
          .updateTable('hosts')
          .set({ access_token_hash: await hashSecret(token), updated_at: now.toISOString() })
          .where('id', '=', host.id)
          .compile(),
        enqueueMessage({ eventId: event.id, kind: 'host_invitation', language: 'sv', to: host.email, ...email }, now),
      ]);
      return ok({ queued: true });
    },

    /** What the host's page shows. */
    async page(token: string) {
      const host = await byToken(token);
      if (!host) return undefined;
      const [event, slots, topics, available, known, visits] = await Promise.all([
        db.selectFrom('events').selectAll().where('id', '=', host.event_id).executeTakeFirstOrThrow(),
        db.selectFrom('visit_slots').selectAll().where('event_id', '=', host.event_id).orderBy('starts_at').execute(),
        db.selectFrom('topics').selectAll().where('event_id', '=', host.event_id).orderBy('sort').execute(),
        db.selectFrom('host_availability').select('slot_id').where('host_id', '=', host.id).execute(),
        db.selectFrom('host_topics').select('topic_id').where('host_id', '=', host.id).execute(),
        loadLiveVisits(db, host.event_id),
      ]);
      return {
        host: {
          id: host.id,
          name: host.name,
          kind: host.kind,
          role: host.kind === 'politician' ? host.roles : host.title,
          maxVisitsPerDay: host.max_visits_per_day,
        },
        event: { name: event.name, timeZone: event.time_zone, startsAt: event.starts_at },
        slots: slots.map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at })),
        topics: topics.map((t) => ({ id: t.id, name: { sv: t.name_sv, en: t.name_en } })),
        availableSlotIds: available.map((a) => a.slot_id),
        topicIds: known.map((k) => k.topic_id),
        visits: visits.filter((v) => v.status === 'confirmed' && v.hosts.some((h) => h.id === host.id)),
      };
    },

    /** The host saves their own availability and topics (the organiser can also enter them). */
    async saveOwn(token: string, input: { slotIds: string[]; topicIds: string[] }): Promise<Result<{ saved: true }>> {
      const host = await byToken(token);
      if (!host) return fail('not_found');
      const [slots, topics] = await Promise.all([
        db.selectFrom('visit_slots').select('id').where('event_id', '=', host.event_id).execute(),
        db.selectFrom('topics').select('id').where('event_id', '=', host.event_id).execute(),
      ]);
      const slotIds = new Set(slots.map((s) => s.id));
      const topicIds = new Set(topics.map((t) => t.id));
      const errors = [
        ...input.slotIds.flatMap((id, i) => (slotIds.has(id) ? [] : [fieldError(`slotIds.${i}`, 'unknown_slot', 'sv')])),
        ...input.topicIds.flatMap((id, i) => (topicIds.has(id) ? [] : [fieldError(`topicIds.${i}`, 'unknown_topic', 'sv')])),
      ];
      if (errors.length) return fail('validation_failed', undefined, errors);
      const stamp = clock.now().toISOString();
      const statements: CompiledQuery[] = [
        compiler.deleteFrom('host_availability').where('host_id', '=', host.id).compile(),
        compiler.deleteFrom('host_topics').where('host_id', '=', host.id).compile(),
        ...[...new Set(input.slotIds)].map((slotId) =>
          compiler.insertInto('host_availability').values({ host_id: host.id, slot_id: slotId }).compile(),
        ),
        ...[...new Set(input.topicIds)].map((topicId) =>
          compiler.insertInto('host_topics').values({ host_id: host.id, topic_id: topicId }).compile(),
        ),
        compiler.updateTable('hosts').set({ updated_at: stamp }).where('id', '=', host.id).compile(),
        compiler
          .insertInto('audit_log')
          .values({
            id: crypto.randomUUID(),
            event_id: host.event_id,
            organiser_id: null,
            actor: `host:${host.name}`,
            action: 'host.availability',
            entity: 'host',
            entity_id: host.id,
            after_json: JSON.stringify(input),
            created_at: stamp,
          })
          .compile(),
      ];
      await batch.run(statements);
      return ok({ saved: true });
    },

    /** Host's id behind a token, for issuing a calendar feed link. */
    async idForToken(token: string): Promise<string | undefined> {
      return (await byToken(token))?.id;
    },
  };
}
