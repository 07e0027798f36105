/**
 * A burst of registrations: more than the event's `burst_alert_threshold` within BURST_WINDOW_MINUTES alerts the
 * event's organisers by email, once per window (not once per registration), so they can look and, if it is abuse,
 * pause registration with one switch (src/domain/setup/registration-pause.ts).
 */
import { compiler } from '../../db/compiler.ts';
import { renderEmail } from '../../emails/index.ts';
import type { Deps } from '../deps.ts';
import { enqueueMessage } from '../mail/outbox.ts';
import { eventForEmail } from './registration-mail.ts';
import type { EventContext } from './registration-store.ts';

export const BURST_WINDOW_MINUTES = 10;

/** Called after a registration commits; cheap when there is no burst (one indexed count). */
export async function alertOnBurst(deps: Pick<Deps, 'db' | 'batch' | 'config'>, context: EventContext, now: Date): Promise<void> {
  const { db, batch, config } = deps;
  const { event } = context;
  const since = new Date(now.getTime() - BURST_WINDOW_MINUTES * 60_000).toISOString();
  const { n } = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', event.id)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(n) <= event.burst_alert_threshold) return;
  if (event.burst_alerted_at && event.burst_alerted_at > since) return;

  const organisers = await db
    .selectFrom('event_organisers as eo')
    .innerJoin('organisers as o', 'o.id', 'eo.organiser_id')
    .select(['o.name', 'o.email'])
    .where('eo.event_id', '=', event.id)
    .where('o.disabled_at', 'is', null)
    .execute();
  const recipients = organisers.length ? organisers : [{ name: event.organiser_name, email: event.organiser_email }];
  const stamp = now.toISOString();
  // One alert per window however many requests and processes see the burst at once: the messages have fixed ids per
  // ten-minute bucket, so a second runner's inserts queue nothing.
  const bucket = Math.floor(now.getTime() / (BURST_WINDOW_MINUTES * 60_000));
  await batch.run([
    compiler.updateTable('events').set({ burst_alerted_at: stamp }).where('id', '=', event.id).compile(),
    ...recipients.map((organiser, index) =>
      enqueueMessage(
        {
          id: `burst-alert:${event.id}:${bucket}:${index}`,
          eventId: event.id,
          kind: 'registration_burst_alert',
          language: 'sv',
          to: organiser.email,
          ...renderEmail({
            kind: 'registration_burst_alert',
            lang: 'sv',
            event: eventForEmail(event),
            recipientName: organiser.name,
            count: Number(n),
            minutes: BURST_WINDOW_MINUTES,
            threshold: event.burst_alert_threshold,
            adminUrl: `${config.publicUrl}/admin/events/${event.slug}`,
          }),
        },
        now,
        { once: true },
      ),
    ),
  ]);
}
