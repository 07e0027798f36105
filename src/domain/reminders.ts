/**
 * Day-before reminders: once an event starts within 24 hours, every active registration's contact gets
 * their program and visit, and every host with confirmed visits gets their day. Each reminder has a
 * fixed outbox id, so however often and wherever the job runs, each is queued exactly once.
 *
 * Only hashes of manage links are stored, so a company's reminder carries a fresh link (the newest email
 * then always holds a working one; an older link's page offers to send a new one).
 */
import { compiler } from '../../db/compiler.ts';
import { renderEmail } from '../../emails/index.ts';
import type { Deps } from '../deps.ts';
import { enqueueMessage } from '../mail/outbox.ts';
import { isUniqueViolation } from './batch.ts';
import { createManageLinks, currentManageLink } from './manage-links.ts';
import { eventForEmail } from './registration-mail.ts';
import { loadEventContext, loadRegistration } from './registration-store.ts';
import { loadLiveVisits } from './visit-data.ts';

const DAY = 86_400_000;

/**
 * Queues the reminders that are due and not yet queued; returns how many it queued. At most `max` are
 * rendered per call (a bound on one scheduled run's work); the next call goes on where this one stopped.
 */
export async function queueReminders(
  deps: Pick<Deps, 'db' | 'batch' | 'clock' | 'config'>,
  options: { max?: number } = {},
): Promise<number> {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const { db, batch, clock, config } = deps;
  const links = createManageLinks(config);
  const now = clock.now();
  const events = await db
    .selectFrom('events')
    .select('id')
    .where('status', 'in', ['published', 'closed'])
    .where('starts_at', '>', now.toISOString())
    .where('starts_at', '<=', new Date(now.getTime() + DAY).toISOString())
    .execute();
  let queued = 0;
  let attempted = 0;
  const once = async (statements: Parameters<typeof batch.run>[0]) => {
    attempted++;
    try {
      await batch.run(statements);
      queued++;
    } catch (error) {
      // Already queued by an earlier or concurrent run: the fixed outbox id said no.
      if (!isUniqueViolation(error)) throw error;
    }
  };

  for (const { id: eventId } of events) {
    const context = await loadEventContext(db, { id: eventId });
    if (!context) continue;
    const event = eventForEmail(context.event);
    const visits = (await loadLiveVisits(db, eventId)).filter((v) => v.status === 'confirmed');
    const sent = new Set(
      (await db.selectFrom('outbox').select('id').where('event_id', '=', eventId).where('kind', '=', 'reminder').execute()).map(
        (r) => r.id,
      ),
    );

    const registrations = await db
      .selectFrom('registrations')
      .select('id')
      .where('event_id', '=', eventId)
      .where('status', '=', 'active')
      .execute();
    for (const { id } of registrations) {
      const outboxId = `reminder-${id}`;
      if (sent.has(outboxId)) continue;
      if (attempted >= max) return queued;
      const stored = await loadRegistration(db, { id });
      if (!stored) continue;
      const lang = stored.language;
      const visit = visits.find((v) => v.company.registrationId === stored.id);
      // The company's current link: a reminder never retires the link it already has.
      const link = await currentManageLink(links, stored.id, stored.manageTokenGeneration);
      const email = renderEmail({
        kind: 'reminder',
        audience: 'company',
        lang,
        event,
        recipientName: stored.contact.name,
        companyName: stored.company.name,
        manageUrl: await links.emailUrl(link.token, lang),
        attendees: stored.attendees.map((a) => ({
          name: a.name,
          sessions: a.places.flatMap((p) => {
            const s = context.sessions.get(p.sessionId);
            return s
              ? [
                  {
                    title: s.title[lang],
                    startsAt: s.startsAt,
                    endsAt: s.endsAt,
                    room: s.room,
                    status: p.status,
                    waitlistPosition: p.position,
                  },
                ]
              : [];
          }),
        })),
        visit: visit
          ? {
              startsAt: visit.startsAt,
              endsAt: visit.endsAt,
              address: visit.address,
              topics: visit.topics.map((t) => t[lang]),
              delegation: visit.hosts.map((h) => ({ name: h.name, role: h.role })),
            }
          : null,
      });
      await once([
        enqueueMessage(
          { id: outboxId, eventId, kind: 'reminder', language: lang, to: stored.contact.email, ...email, registrationId: id },
          now,
        ),
        ...link.statements,
      ]);
    }

    const hosts = new Map<string, { name: string; email: string; lines: typeof visits }>();
    for (const v of visits) {
      for (const h of v.hosts) {
        const entry = hosts.get(h.id) ?? { name: h.name, email: h.email, lines: [] };
        entry.lines.push(v);
        hosts.set(h.id, entry);
      }
    }
    for (const [hostId, host] of hosts) {
      const outboxId = `reminder-host-${hostId}`;
      if (sent.has(outboxId)) continue;
      if (attempted >= max) return queued;
      const email = renderEmail({
        kind: 'reminder',
        audience: 'host',
        lang: 'sv',
        event,
        recipientName: host.name,
        visits: host.lines.map((v) => ({
          companyName: v.company.name,
          startsAt: v.startsAt,
          endsAt: v.endsAt,
          address: v.address,
          topics: v.topics.map((t) => t.sv),
          delegation: v.hosts.map((h) => ({ name: h.name, role: h.role })),
        })),
      });
      await once([enqueueMessage({ id: outboxId, eventId, kind: 'reminder', language: 'sv', to: host.email, ...email }, now)]);
    }
  }
  return queued;
}
