/**
 * What the provider reports after sending (delivered, bounced, complained, delayed), kept per outbox row.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface DeliveryEvent {
  /** Unique per report (the webhook message id), so a redelivered webhook is stored once. */
  id: string;
  /** The provider's email id, as returned when the message was sent. */
  providerMessageId: string;
  /** E.g. `email.delivered`, `email.bounced`. */
  type: string;
  occurredAt: string;
  detail: Record<string, unknown>;
}

export type RecordOutcome = 'recorded' | 'duplicate' | 'unknown_message';

/**
 * Stores a delivery event against the outbox row that was sent with `providerMessageId`, in one
 * INSERT … SELECT; reports whether it was new, a repeat, or for a message this outbox never sent.
 */
export async function recordDeliveryEvent(db: Kysely<Database>, event: DeliveryEvent): Promise<RecordOutcome> {
  const result = await db
    .insertInto('delivery_events')
    .columns(['id', 'outbox_id', 'type', 'occurred_at', 'detail'])
    .expression((eb) =>
      eb
        .selectFrom('outbox')
        .select([
          eb.val(event.id).as('id'),
          'outbox.id as outbox_id',
          eb.val(event.type).as('type'),
          eb.val(event.occurredAt).as('occurred_at'),
          eb.val(JSON.stringify(event.detail)).as('detail'),
        ])
        .where('outbox.provider_message_id', '=', event.providerMessageId)
        .limit(1),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) return 'recorded';
  const known = await db.selectFrom('outbox').select('id').where('provider_message_id', '=', event.providerMessageId).executeTakeFirst();
  return known ? 'duplicate' : 'unknown_message';
}
