/**
 * The contact confirms their own address before the registration mails anyone else
 * (docs/decisions/0009-contact-confirmation.md).
 *
 * A new registration's only email that goes out at once is the request to confirm. Everything else it causes (the
 * summary, every attendee's invite, later promotions, visits, reminders) is queued in the same batch as always but
 * held (src/mail/outbox.ts `SENT_BEFORE_CONFIRMATION`); the confirmation releases those rows in one batch, so each
 * still goes exactly once, through the same outbox and retries. A registration whose contact never confirms is
 * released after the event's hold time by the cancellation path; its held messages are deleted, unsent.
 *
 * The link is derived like the manage link (HMAC under LINK_SECRET of "confirm:" + the registration id), so nothing
 * new sits in clear in the database and later emails can carry it again. GET shows a page with a button and changes
 * nothing (mail scanners fetch links); POST confirms.
 */
import { type CompiledQuery, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { Deps } from '../deps.ts';
import { createPrivateLinks } from '../mail/private-links.ts';
import { fail, ok, type Result } from './errors.ts';
import type { Lang } from './field-errors.ts';
import { createLinkMac, createManageLinks, currentManageLink } from './manage-links.ts';
import { eventForEmail, type MailContext, plainMessageStatement } from './registration-mail.ts';

export interface ConfirmationLinks {
  /**
   * A registration's confirmation page, in its language, as a stored email carries it: the token sealed like every other private link
   * (src/mail/private-links.ts); the sender opens it as the message goes out.
   */
  emailUrl(registrationId: string, lang: Lang): Promise<string>;
  /** Whether `token` is the registration's confirmation token (compared in constant time). */
  verify(registrationId: string, token: string): Promise<boolean>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function createConfirmationLinks(config: { publicUrl: string; linkSecret: string }): ConfirmationLinks {
  const mac = createLinkMac(config.linkSecret);
  const token = (registrationId: string) => mac(`confirm:${registrationId}`);
  const privateLinks = createPrivateLinks(config.linkSecret);
  return {
    async emailUrl(registrationId, lang) {
      const sealed = await privateLinks.seal(await token(registrationId));
      return `${config.publicUrl}${lang === 'en' ? '/en' : ''}/bekrafta/${registrationId}/${sealed}`;
    },
    async verify(registrationId, given) {
      if (!UUID.test(registrationId) || !TOKEN.test(given)) return false;
      const expected = await token(registrationId);
      let difference = 0;
      for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
      return difference === 0;
    },
  };
}

/** The request to confirm, to the contact: the one message of a registration that goes before confirmation. */
export function confirmRequestStatement(
  ctx: MailContext,
  input: { registrationId: string; lang: Lang; contact: { name: string; email: string }; companyName: string; attendeeCount: number },
  confirmUrl: string,
): CompiledQuery {
  return plainMessageStatement(
    ctx,
    input.contact.email,
    input.lang,
    {
      kind: 'registration_confirm_request',
      lang: input.lang,
      event: eventForEmail(ctx.context.event),
      recipientName: input.contact.name,
      companyName: input.companyName,
      confirmUrl,
      attendeeCount: input.attendeeCount,
      holdHours: ctx.context.event.confirmation_hold_hours,
    },
    input.registrationId,
  );
}

/** What the confirmation page shows for a link. */
export type ConfirmationState =
  | { state: 'invalid' }
  | {
      state: 'pending' | 'confirmed' | 'released';
      eventName: string;
      companyName: string;
      language: Lang;
      /** When the places go if nobody confirms (pending only). */
      holdEndsAt: string;
      /** The event's zone, to show that moment in. */
      timeZone: string;
    };

export function createConfirmationService(deps: Pick<Deps, 'db' | 'batch' | 'clock' | 'config'>) {
  const { db, batch, clock, config } = deps;
  const links = createConfirmationLinks(config);
  const manageLinks = createManageLinks(config);

  async function find(registrationId: string, token: string) {
    if (!(await links.verify(registrationId, token))) return undefined;
    return db
      .selectFrom('registrations as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .select([
        'r.id',
        'r.status',
        'r.confirmed_at',
        'r.language',
        'r.created_at',
        'r.manage_token_generation',
        'e.name as event_name',
        'e.confirmation_hold_hours',
        'e.time_zone',
        'r.company_name',
      ])
      .where('r.id', '=', registrationId)
      .executeTakeFirst();
  }

  /** What a confirmation link stands for now; changes nothing (a mail scanner's GET lands here). */
  async function state(registrationId: string, token: string): Promise<ConfirmationState> {
    const row = await find(registrationId, token);
    if (!row || row.status === 'erased') return { state: 'invalid' };
    return {
      state: row.confirmed_at ? 'confirmed' : row.status === 'active' ? 'pending' : 'released',
      eventName: row.event_name,
      companyName: row.company_name,
      language: row.language,
      holdEndsAt: new Date(Date.parse(row.created_at) + row.confirmation_hold_hours * 3_600_000).toISOString(),
      timeZone: row.time_zone,
    };
  }

  /**
   * The contact confirms: the registration is marked and its held messages released, in one batch. Confirming again
   * changes nothing and answers the same. Returns the company's manage link, which the page goes on to.
   */
  async function confirm(registrationId: string, token: string): Promise<Result<{ manageToken: string; language: Lang }>> {
    const row = await find(registrationId, token);
    if (!row || row.status === 'erased') return fail('not_found');
    if (!row.confirmed_at && row.status !== 'active') return fail('registration_closed', 'the places were released unconfirmed');
    const stamp = clock.now().toISOString();
    const current = await currentManageLink(manageLinks, row.id, row.manage_token_generation);
    if (!row.confirmed_at) {
      await batch.run([
        ...current.statements,
        compiler
          .updateTable('registrations')
          .set({ confirmed_at: stamp, updated_at: stamp })
          .where('id', '=', row.id)
          .where('status', '=', 'active')
          .where('confirmed_at', 'is', null)
          .compile(),
        // Only a registration that is confirmed now (by this batch or a moment ago) lets its messages go; one the hold
        // released meanwhile has none left to release.
        compiler
          .updateTable('outbox')
          .set({ held: 0 })
          .where('registration_id', '=', row.id)
          .where('held', '=', 1)
          .where(sql<boolean>`(SELECT confirmed_at FROM registrations WHERE id = ${row.id}) IS NOT NULL`)
          .compile(),
      ]);
      const after = await db.selectFrom('registrations').select('confirmed_at').where('id', '=', row.id).executeTakeFirst();
      if (!after?.confirmed_at) return fail('registration_closed', 'the places were released unconfirmed');
    }
    return ok({ manageToken: current.token, language: row.language });
  }

  return { state, confirm, links, expiredHolds: (limit: number) => expiredHolds(db, clock.now(), limit) };
}

/**
 * Registrations whose contact has not confirmed within their event's hold time, oldest first, at most `limit`:
 * the scheduled job releases each through the cancellation path (src/domain/jobs.ts).
 */
export async function expiredHolds(db: Deps['db'], now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select('r.id')
    .where('r.status', '=', 'active')
    .where('r.confirmed_at', 'is', null)
    .where(sql<boolean>`strftime('%Y-%m-%dT%H:%M:%fZ', r.created_at, '+' || e.confirmation_hold_hours || ' hours') < ${now.toISOString()}`)
    .orderBy('r.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export type ConfirmationService = ReturnType<typeof createConfirmationService>;
