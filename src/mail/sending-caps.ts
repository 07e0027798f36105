/**
 * Sending caps: at most so many messages an hour to one address (across every event and kind), and at most so many
 * an hour for one event. A message over a cap is not dropped: it stays pending in the outbox with a later
 * `next_attempt_at` (when the oldest send in the window leaves it) and goes then, once, like any other row.
 * Counts are of messages sent in the last hour; two senders at the same moment may overshoot a cap by the messages
 * they hold at once (at most a round each), never send a row twice.
 */
import type { Kysely } from 'kysely';
import type { Database, OutboxRow } from '../../db/schema.ts';

/** Messages one address may receive in an hour: a contact who is also an attendee in five sessions stays well under. */
export const MAX_MESSAGES_PER_ADDRESS_PER_HOUR = 20;
/** Messages one event may send in an hour: a full day of 600 registrations confirmed within the hour goes out unhindered. */
export const MAX_MESSAGES_PER_EVENT_PER_HOUR = 2000;
const HOUR_MS = 3_600_000;

export interface SendingCaps {
  perAddressPerHour: number;
  perEventPerHour: number;
}

export const DEFAULT_SENDING_CAPS: SendingCaps = {
  perAddressPerHour: MAX_MESSAGES_PER_ADDRESS_PER_HOUR,
  perEventPerHour: MAX_MESSAGES_PER_EVENT_PER_HOUR,
};

/**
 * When the row may go, if a cap holds it back now: the moment the oldest send counted against the full cap leaves the
 * hour's window. Undefined: it may go now.
 */
export async function heldBackUntil(
  db: Kysely<Database>,
  row: OutboxRow,
  now: Date,
  caps: SendingCaps = DEFAULT_SENDING_CAPS,
): Promise<string | undefined> {
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  const windows = [
    db
      .selectFrom('outbox')
      .select((eb) => [eb.fn.countAll<number>().as('sent'), eb.fn.min('sent_at').as('oldest')])
      .where('to_address', '=', row.to_address)
      .where('sent_at', 'is not', null)
      .where('sent_at', '>', since)
      .executeTakeFirstOrThrow()
      .then((w) => ({ ...w, cap: caps.perAddressPerHour })),
  ];
  if (row.event_id !== null) {
    windows.push(
      db
        .selectFrom('outbox')
        .select((eb) => [eb.fn.countAll<number>().as('sent'), eb.fn.min('sent_at').as('oldest')])
        .where('event_id', '=', row.event_id)
        .where('sent_at', 'is not', null)
        .where('sent_at', '>', since)
        .executeTakeFirstOrThrow()
        .then((w) => ({ ...w, cap: caps.perEventPerHour })),
    );
  }
  const full = (await Promise.all(windows)).filter((w) => Number(w.sent) >= w.cap && w.oldest);
  if (!full.length) return undefined;
  // The later of the full windows' openings; the next drain looks again, so a window that fills meanwhile holds it again.
  return full
    .map((w) => new Date(new Date(w.oldest as string).getTime() + HOUR_MS + 1).toISOString())
    .sort()
    .at(-1);
}
