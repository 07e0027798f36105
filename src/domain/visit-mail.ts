/**
 * Invites for company visits. Each visit is one calendar event (its calendar_uid) shared by the company
 * contact and every host: confirming sends REQUEST, every change REQUEST with SEQUENCE+1 to everyone
 * still in it and CANCEL to anyone removed, cancelling CANCEL to all.
 */
import type { CompiledQuery } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { EventRow } from '../../db/schema.ts';
import { type EmailInput, renderEmail, type VisitDetails } from '../../emails/index.ts';
import { buildCalendar, type CalendarEventSpec } from '../calendar/ics.ts';
import { enqueueMessage } from '../mail/outbox.ts';
import { eventForEmail } from './registration-mail.ts';
import type { LiveVisit, VisitHost } from './visit-data.ts';

type Lang = 'sv' | 'en';

export interface VisitMailContext {
  event: EventRow;
  now: Date;
  publicUrl: string;
}

const details = (visit: LiveVisit, lang: Lang): VisitDetails => ({
  startsAt: visit.startsAt,
  endsAt: visit.endsAt,
  address: visit.address,
  topics: visit.topics.map((t) => t[lang]),
  delegation: visit.hosts.map((h) => ({ name: h.name, role: h.role })),
});

/** The visit as one calendar event: the same UID in every invite, feed and download, so calendars hold one. */
export function visitEvent(
  event: EventRow,
  visit: LiveVisit,
  sequence: number,
  attendees: { name: string; email: string }[],
): CalendarEventSpec {
  return {
    uid: visit.calendarUid,
    sequence,
    summary: `Företagsbesök: ${visit.company.name}`,
    description: [visit.topics.map((t) => t.sv).join(', '), visit.message, visit.hosts.map((h) => `${h.name} – ${h.role}`).join('\n')]
      .filter(Boolean)
      .join('\n\n'),
    location: visit.address,
    startsAt: visit.startsAt,
    endsAt: visit.endsAt,
    timeZone: event.time_zone,
    organizer: { name: event.organiser_name, email: event.organiser_email },
    attendees,
  };
}

function visitCalendar(
  ctx: VisitMailContext,
  visit: LiveVisit,
  method: 'REQUEST' | 'CANCEL',
  sequence: number,
  attendees: { name: string; email: string }[],
) {
  return buildCalendar({ method, stamp: ctx.now, events: [visitEvent(ctx.event, visit, sequence, attendees)] });
}

const contactOf = (visit: LiveVisit) => ({ name: visit.company.contactName, email: visit.company.contactEmail });
const everyone = (visit: LiveVisit) => [contactOf(visit), ...visit.hosts.map((h) => ({ name: h.name, email: h.email }))];

function send(
  ctx: VisitMailContext,
  to: string,
  lang: Lang,
  input: EmailInput,
  calendar: { ics: string; method: 'REQUEST' | 'CANCEL' },
  /** The company's registration, for messages to its contact (a company's data export and erasure find them by it). */
  registrationId?: string,
): CompiledQuery {
  return enqueueMessage(
    { eventId: ctx.event.id, kind: input.kind, language: lang, to, ...renderEmail(input), calendar, registrationId },
    ctx.now,
  );
}

function recordCalendar(ctx: VisitMailContext, uid: string, sequence: number, method: 'REQUEST' | 'CANCEL', ics: string): CompiledQuery {
  const stamp = ctx.now.toISOString();
  return compiler
    .insertInto('calendar_items')
    .values({ uid, event_id: ctx.event.id, sequence, last_method: method, last_ics: ics, updated_at: stamp })
    .onConflict((oc) => oc.column('uid').doUpdateSet({ sequence, last_method: method, last_ics: ics, updated_at: stamp }))
    .compile();
}

function hostAssignment(ctx: VisitMailContext, visit: LiveVisit, host: VisitHost, ics: string): CompiledQuery {
  return send(
    ctx,
    host.email,
    'sv',
    {
      kind: 'visit_assignment',
      lang: 'sv',
      event: eventForEmail(ctx.event),
      recipientName: host.name,
      companyName: visit.company.name,
      visit: details(visit, 'sv'),
      contact: { name: visit.company.contactName, email: visit.company.contactEmail, phone: visit.company.contactPhone },
      participants: visit.participants,
      companyMessage: visit.message,
    },
    { ics, method: 'REQUEST' },
  );
}

/** A visit is confirmed: REQUEST to the company contact (with the link to its manage page) and every host. */
export function confirmationStatements(ctx: VisitMailContext, visit: LiveVisit, sequence: number, manageUrl: string): CompiledQuery[] {
  const ics = visitCalendar(ctx, visit, 'REQUEST', sequence, everyone(visit));
  const lang = visit.company.language;
  return [
    recordCalendar(ctx, visit.calendarUid, sequence, 'REQUEST', ics),
    send(
      ctx,
      visit.company.contactEmail,
      lang,
      {
        kind: 'visit_confirmed',
        lang,
        event: eventForEmail(ctx.event),
        recipientName: visit.company.contactName,
        companyName: visit.company.name,
        visit: details(visit, lang),
        manageUrl,
      },
      { ics, method: 'REQUEST' },
      visit.company.registrationId,
    ),
    ...visit.hosts.map((host) => hostAssignment(ctx, visit, host, ics)),
  ];
}

/**
 * A confirmed visit changed (slot, address or delegation): REQUEST with the next SEQUENCE to everyone
 * still in it (new hosts get their assignment), CANCEL to hosts who were removed.
 */
export function changeStatements(ctx: VisitMailContext, before: LiveVisit, after: LiveVisit, sequence: number): CompiledQuery[] {
  const ics = visitCalendar(ctx, after, 'REQUEST', sequence, everyone(after));
  const lang = after.company.language;
  const previous = { startsAt: before.startsAt, endsAt: before.endsAt, address: before.address };
  const stayed = new Set(before.hosts.map((h) => h.id));
  const kept = new Set(after.hosts.map((h) => h.id));
  const statements: CompiledQuery[] = [
    recordCalendar(ctx, after.calendarUid, sequence, 'REQUEST', ics),
    send(
      ctx,
      after.company.contactEmail,
      lang,
      {
        kind: 'visit_changed',
        audience: 'company',
        lang,
        event: eventForEmail(ctx.event),
        recipientName: after.company.contactName,
        companyName: after.company.name,
        visit: details(after, lang),
        previous,
      },
      { ics, method: 'REQUEST' },
      after.company.registrationId,
    ),
  ];
  for (const host of after.hosts) {
    statements.push(
      stayed.has(host.id)
        ? send(
            ctx,
            host.email,
            'sv',
            {
              kind: 'visit_changed',
              audience: 'host',
              lang: 'sv',
              event: eventForEmail(ctx.event),
              recipientName: host.name,
              companyName: after.company.name,
              visit: details(after, 'sv'),
              previous,
            },
            { ics, method: 'REQUEST' },
          )
        : hostAssignment(ctx, after, host, ics),
    );
  }
  for (const host of before.hosts.filter((h) => !kept.has(h.id))) {
    const cancel = visitCalendar(ctx, before, 'CANCEL', sequence, [{ name: host.name, email: host.email }]);
    statements.push(
      send(
        ctx,
        host.email,
        'sv',
        {
          kind: 'visit_cancelled',
          audience: 'host',
          lang: 'sv',
          event: eventForEmail(ctx.event),
          recipientName: host.name,
          companyName: before.company.name,
          visit: previous,
          reason: '',
        },
        { ics: cancel, method: 'CANCEL' },
      ),
    );
  }
  return statements;
}

/** A confirmed visit is cancelled: CANCEL to the company contact and every host. */
export function cancellationStatements(ctx: VisitMailContext, visit: LiveVisit, sequence: number, reason: string): CompiledQuery[] {
  const ics = visitCalendar(ctx, visit, 'CANCEL', sequence, everyone(visit));
  const when = { startsAt: visit.startsAt, endsAt: visit.endsAt, address: visit.address };
  const lang = visit.company.language;
  return [
    recordCalendar(ctx, visit.calendarUid, sequence, 'CANCEL', ics),
    send(
      ctx,
      visit.company.contactEmail,
      lang,
      {
        kind: 'visit_cancelled',
        audience: 'company',
        lang,
        event: eventForEmail(ctx.event),
        recipientName: visit.company.contactName,
        companyName: visit.company.name,
        visit: when,
        reason,
      },
      { ics, method: 'CANCEL' },
      visit.company.registrationId,
    ),
    ...visit.hosts.map((host) =>
      send(
        ctx,
        host.email,
        'sv',
        {
          kind: 'visit_cancelled',
          audience: 'host',
          lang: 'sv',
          event: eventForEmail(ctx.event),
          recipientName: host.name,
          companyName: visit.company.name,
          visit: when,
          reason,
        },
        { ics, method: 'CANCEL' },
      ),
    ),
  ];
}
