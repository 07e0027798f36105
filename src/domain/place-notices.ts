/**
 * The emails of places a change's batch decided in SQL (decision 0011). The batch cannot render them itself:
 * whom it promotes is chosen by its statements, and a change's summary lists places the batch decided. So the
 * batch leaves notices (place_notices), and this module renders each one from the rows as they are and queues
 * its emails in a batch that deletes the notice:
 *  - exactly once: that batch asserts the notice is still there, so of two renderers (the request that ran the
 *    change, and the scheduled job that picks up what a crash left) only one queues anything;
 *  - correct: a promotion is mailed only while the place is still confirmed (asserted in the same batch); if its
 *    holder let it go first, the notice is dropped and nobody is told of a place that is gone.
 * A renderer whose assertion fails reads again: the notice is gone (done) or the place is (dropped), so at most
 * one more round per notice.
 */
import { type CompiledQuery, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { Deps } from '../deps.ts';
import { assertion, isAssertionFailure } from './batch.ts';
import type { Lang } from './field-errors.ts';
import { createManageLinks, currentManageLink } from './manage-links.ts';
import { type PlaceBatch, placeIsConfirmed } from './place-statements.ts';
import { eventForEmail, type MailContext, plainMessageStatement, sessionInviteStatements, summaryStatements } from './registration-mail.ts';
import { type EventContext, loadEventContext, loadRegistration } from './registration-store.ts';

/**
 * People promoted from a waiting list: an invite for the attendee and word to their contact person, as
 * statements for the batch that tells them. Shared with the organisers' follow-up (promote by hand) and set-up
 * (raising a capacity), whose batches assert the snapshot they promote from.
 */
export async function promotionStatements(
  deps: Pick<Deps, 'db' | 'config'>,
  ctx: MailContext,
  promotions: { placeId: string; attendeeId: string; sessionId: string }[],
  excludeRegistrationId?: string,
): Promise<CompiledQuery[]> {
  if (promotions.length === 0) return [];
  const { db, config } = deps;
  const people = await db
    .selectFrom('attendees as a')
    .innerJoin('registrations as r', 'r.id', 'a.registration_id')
    .select([
      'a.id',
      'a.name',
      'a.email',
      'r.id as registration_id',
      'r.contact_name',
      'r.contact_email',
      'r.language',
      'r.manage_token_generation',
      'r.company_name',
    ])
    .where(
      'a.id',
      'in',
      promotions.map((p) => p.attendeeId),
    )
    .execute();
  const links = createManageLinks(config);
  const manageUrls = new Map(
    await Promise.all(
      people.map(
        async (p) =>
          [
            p.registration_id,
            await links.emailUrlOf({ id: p.registration_id, generation: p.manage_token_generation, language: p.language }),
          ] as const,
      ),
    ),
  );
  return promotions.flatMap((promotion) => {
    const person = people.find((p) => p.id === promotion.attendeeId);
    const session = ctx.context.sessions.get(promotion.sessionId);
    if (!person || !session) return [];
    const lang = person.language;
    const statements = sessionInviteStatements(ctx, {
      method: 'REQUEST',
      sessionId: promotion.sessionId,
      attendee: person,
      companyName: person.company_name,
      lang,
    });
    // The contact is told unless this very change (their own) promoted them: then the summary says it.
    if (person.registration_id !== excludeRegistrationId) {
      statements.push(
        plainMessageStatement(
          ctx,
          person.contact_email,
          lang,
          {
            kind: 'waitlist_promoted',
            lang,
            event: eventForEmail(ctx.context.event),
            recipientName: person.contact_name,
            companyName: person.company_name,
            session: { title: session.title[lang], startsAt: session.startsAt, endsAt: session.endsAt, room: session.room },
            manageUrl: manageUrls.get(person.registration_id) as string,
          },
          person.registration_id,
        ),
      );
    }
    return statements;
  });
}

type Notice = { id: string; event_id: string; kind: 'promoted' | 'changed'; place_id: string | null; registration_id: string | null };

export interface PlaceNoticeMail {
  /**
   * Renders and queues the emails of pending notices: those of one batch (the request that ran it, right after
   * it committed, passing the manage token it holds), or the oldest of all written at least `olderThanMs` ago
   * (the scheduled job, which leaves a request time to render its own). Returns how many notices were settled.
   */
  deliver(which: { batchId: string; manageToken?: string } | { limit: number; olderThanMs: number }): Promise<number>;
}

export function createPlaceNoticeMail(deps: Pick<Deps, 'db' | 'batch' | 'clock' | 'config'>): PlaceNoticeMail {
  const { db, batch, clock, config } = deps;
  const links = createManageLinks(config);
  const noticeExists = (id: string) => assertion(sql<boolean>`EXISTS (SELECT 1 FROM place_notices WHERE id = ${id})`);
  const dropNotice = (id: string) => compiler.deleteFrom('place_notices').where('id', '=', id).compile();

  /** The emails that settle one notice as things are now (none when there is no one to tell), with what they assert. */
  async function settle(notice: Notice, context: EventContext, manageToken: string | undefined): Promise<CompiledQuery[]> {
    const now = clock.now();
    const ctx: MailContext = { context, now };
    if (notice.kind === 'promoted') {
      const place = await db
        .selectFrom('session_places as p')
        .innerJoin('attendees as a', 'a.id', 'p.attendee_id')
        .innerJoin('registrations as r', 'r.id', 'a.registration_id')
        .select(['p.id', 'p.status', 'p.session_id', 'p.attendee_id', 'a.email', 'a.removed_at', 'r.status as registration_status'])
        .where('p.id', '=', notice.place_id as string)
        .executeTakeFirst();
      if (place?.status !== 'confirmed' || place.registration_status !== 'active' || place.removed_at || !place.email) {
        return [];
      }
      return [
        assertion(placeIsConfirmed(place.id)),
        ...(await promotionStatements(
          deps,
          ctx,
          [{ placeId: place.id, attendeeId: place.attendee_id, sessionId: place.session_id }],
          notice.registration_id ?? undefined,
        )),
      ];
    }
    const stored = notice.registration_id ? await loadRegistration(db, { id: notice.registration_id }) : undefined;
    if (stored?.status !== 'active') return [];
    const current = manageToken
      ? { token: manageToken, statements: [] }
      : await currentManageLink(links, stored.id, stored.manageTokenGeneration);
    const lang: Lang = stored.language;
    return [
      ...current.statements,
      ...summaryStatements(ctx, {
        kind: 'registration_changed',
        registrationId: stored.id,
        lang,
        companyName: stored.company.name,
        contact: { name: stored.contact.name, email: stored.contact.email },
        manageUrl: await links.emailUrl(current.token, lang),
        visitRequested: Boolean(stored.visitRequest),
        attendees: stored.attendees.map((a) => ({
          id: a.id,
          name: a.name,
          places: a.places.map((p) => ({ sessionId: p.sessionId, status: p.status, position: p.position })),
        })),
      }),
    ];
  }

  async function deliverOne(notice: Notice, contexts: Map<string, Promise<EventContext | undefined>>, manageToken?: string) {
    for (let round = 0; round < 3; round++) {
      if (!contexts.has(notice.event_id)) contexts.set(notice.event_id, loadEventContext(db, { id: notice.event_id }));
      const context = await contexts.get(notice.event_id);
      const statements = context ? await settle(notice, context, manageToken) : [];
      try {
        await batch.run([noticeExists(notice.id), dropNotice(notice.id), ...statements]);
        return;
      } catch (error) {
        // Someone else settled it, or the place went meanwhile: read again.
        if (!isAssertionFailure(error)) throw error;
      }
      const still = await db.selectFrom('place_notices').select('id').where('id', '=', notice.id).executeTakeFirst();
      if (!still) return;
    }
  }

  return {
    async deliver(which) {
      const notices = await db
        .selectFrom('place_notices')
        .select(['id', 'event_id', 'kind', 'place_id', 'registration_id'])
        .$if('batchId' in which, (q) => q.where('batch_id', '=', (which as { batchId: string }).batchId))
        .orderBy('created_at')
        .orderBy('id')
        .$if('limit' in which, (q) => {
          const { limit, olderThanMs } = which as { limit: number; olderThanMs: number };
          return q.where('created_at', '<=', new Date(clock.now().getTime() - olderThanMs).toISOString()).limit(limit);
        })
        .execute();
      const contexts = new Map<string, Promise<EventContext | undefined>>();
      const manageToken = 'manageToken' in which ? which.manageToken : undefined;
      for (const notice of notices) await deliverOne(notice, contexts, manageToken);
      return notices.length;
    },
  };
}

/** The notice that a change's summary is due: the batch decides the places it lists, so it is rendered afterwards. */
export function changedNotice(batch: PlaceBatch): CompiledQuery {
  return compiler
    .insertInto('place_notices')
    .values({
      id: crypto.randomUUID(),
      event_id: batch.eventId,
      batch_id: batch.batchId,
      kind: 'changed',
      place_id: null,
      registration_id: batch.registrationId,
      created_at: batch.now,
    })
    .compile();
}
