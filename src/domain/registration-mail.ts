/**
 * The emails and calendar invites a registration change causes, as outbox messages and calendar_items
 * statements for the same atomic batch. Contact person: a summary with a calendar file of the confirmed
 * sessions. Each attendee: one invite per confirmed session (REQUEST), a CANCEL when it goes away.
 */
import { type CompiledQuery, type RawBuilder, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import type { EventRow } from '../../db/schema.ts';
import { type EmailInput, renderEmail } from '../../emails/index.ts';
import { buildCalendar, type CalendarEventSpec, type CalendarMethod } from '../calendar/ics.ts';
import { enqueueMessage, type OutgoingMessage } from '../mail/outbox.ts';
import type { EventContext } from './registration-store.ts';

export type Lang = 'sv' | 'en';

/** UID of the calendar event for one attendee's place in one session: stable for its whole life. */
export const placeUid = (sessionId: string, attendeeId: string) => `session-${sessionId}-${attendeeId}@motesdagen`;
/** calendar_items key of the calendar file the contact person last received. */
export const registrationCalendarUid = (registrationId: string) => `registration-${registrationId}@motesdagen`;

export function eventForEmail(event: EventRow) {
  return {
    name: event.name,
    organiserName: event.organiser_name,
    organiserEmail: event.organiser_email,
    timeZone: event.time_zone,
    venue: `${event.venue_name}, ${event.venue_address}`,
  };
}

export interface MailContext {
  context: EventContext;
  now: Date;
}

type SessionInfo = EventContext['sessions'] extends Map<string, infer S> ? S : never;

function sessionEvent(
  ctx: MailContext,
  session: SessionInfo,
  lang: Lang,
  uid: string,
  sequence: number,
  attendees: { name: string; email: string }[],
): CalendarEventSpec {
  const { event } = ctx.context;
  return {
    uid,
    sequence,
    summary: `${session.title[lang]} – ${event.name}`,
    description: session.description[lang],
    location: [session.room, event.venue_name, event.venue_address].filter(Boolean).join(', '),
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    timeZone: event.time_zone,
    organizer: { name: event.organiser_name, email: event.organiser_email },
    attendees,
  };
}

function message(
  ctx: MailContext,
  to: string,
  lang: Lang,
  input: EmailInput,
  calendar?: { ics: string; method: CalendarMethod },
): OutgoingMessage {
  const rendered = renderEmail(input);
  return { eventId: ctx.context.event.id, kind: input.kind, language: lang, to, ...rendered, ...(calendar ? { calendar } : {}) };
}

/**
 * A number that stands for an invite's SEQUENCE while it is rendered before the batch runs; the batch puts in the
 * SEQUENCE it reads from calendar_items (`SEQUENCE:` and 15 random digits cannot occur anywhere else in an invite).
 */
function sequenceMarker(): number {
  return 700_000_000_000_000 + Math.floor(Math.random() * 99_999_999_999_999);
}

/**
 * One attendee's invite to (or cancellation of) one session, with the calendar item it updates. Its SEQUENCE is
 * decided when the batch runs: one more than the UID's last (0 for a new UID), read from calendar_items, so two
 * batches that mail the same UID (a promotion and the attendee's own cancellation) can never send one SEQUENCE
 * twice, whatever they read before. With `when`, both are written only if that SQL condition holds when the
 * batch reaches them (e.g. the place is still confirmed).
 */
export function sessionInviteStatements(
  ctx: MailContext,
  input: {
    method: 'REQUEST' | 'CANCEL';
    sessionId: string;
    attendee: { id: string; name: string; email: string };
    companyName: string;
    lang: Lang;
  },
  when?: RawBuilder<boolean>,
): CompiledQuery[] {
  const session = ctx.context.sessions.get(input.sessionId);
  if (!session) return [];
  const uid = placeUid(input.sessionId, input.attendee.id);
  const marker = `SEQUENCE:${sequenceMarker()}`;
  const ics = buildCalendar({
    method: input.method,
    events: [
      sessionEvent(ctx, session, input.lang, uid, Number(marker.slice(9)), [{ name: input.attendee.name, email: input.attendee.email }]),
    ],
    stamp: ctx.now,
  });
  const email = message(ctx, input.attendee.email, input.lang, {
    kind: input.method === 'REQUEST' ? 'session_invite' : 'session_invite_cancelled',
    lang: input.lang,
    event: eventForEmail(ctx.context.event),
    recipientName: input.attendee.name,
    companyName: input.companyName,
    session: { title: session.title[input.lang], startsAt: session.startsAt, endsAt: session.endsAt, room: session.room },
  });
  const registrationId = sql<string>`(SELECT registration_id FROM attendees WHERE id = ${input.attendee.id})`;
  const next = sql<string>`'SEQUENCE:' || (SELECT coalesce((SELECT sequence FROM calendar_items WHERE uid = ${uid}), -1) + 1)`;
  const stamp = ctx.now.toISOString();
  return [
    enqueueMessage(
      { ...email, calendar: { ics: sql<string>`replace(${ics}, ${marker}, ${next})`, method: input.method }, registrationId },
      ctx.now,
      { when },
    ),
    // The outbox row above read the SEQUENCE before this moves it on. SQLite needs a WHERE in an upsert's SELECT.
    sql`INSERT INTO calendar_items (uid, event_id, sequence, last_method, last_ics, updated_at)
        SELECT ${uid}, ${ctx.context.event.id}, 0, ${input.method}, replace(${ics}, ${marker}, 'SEQUENCE:0'), ${stamp}
        WHERE ${when ?? sql<boolean>`1`}
        ON CONFLICT (uid) DO UPDATE SET
          sequence = calendar_items.sequence + 1,
          last_method = excluded.last_method,
          last_ics = replace(${ics}, ${marker}, 'SEQUENCE:' || (calendar_items.sequence + 1)),
          updated_at = excluded.updated_at`.compile(compiler),
  ];
}

export interface SummaryInput {
  kind: 'registration_confirmed' | 'registration_changed';
  registrationId: string;
  lang: Lang;
  companyName: string;
  contact: { name: string; email: string };
  manageUrl: string;
  visitRequested: boolean;
  attendees: { id: string; name: string; places: { sessionId: string; status: 'confirmed' | 'waitlisted'; position: number | null }[] }[];
}

/** One calendar event per confirmed place of the registration's attendees, as the contact's calendar file has them. */
export function confirmedSessionEvents(
  ctx: MailContext,
  attendees: readonly { id: string; places: readonly { sessionId: string; status: 'confirmed' | 'waitlisted' }[] }[],
  lang: Lang,
): CalendarEventSpec[] {
  return attendees.flatMap((attendee) =>
    attendee.places.flatMap((place) => {
      const session = ctx.context.sessions.get(place.sessionId);
      return place.status === 'confirmed' && session
        ? [sessionEvent(ctx, session, lang, placeUid(place.sessionId, attendee.id), 0, [])]
        : [];
    }),
  );
}

/**
 * The contact person's summary with the calendar file of every confirmed session. The file is also kept
 * in calendar_items, so the manage page's download is exactly what the last email carried.
 */
export function summaryStatements(ctx: MailContext, input: SummaryInput): CompiledQuery[] {
  const { sessions } = ctx.context;
  const lines = input.attendees.map((attendee) => ({
    name: attendee.name,
    sessions: attendee.places
      .flatMap((place) => {
        const session = sessions.get(place.sessionId);
        return session
          ? [
              {
                title: session.title[input.lang],
                startsAt: session.startsAt,
                endsAt: session.endsAt,
                room: session.room,
                status: place.status,
                waitlistPosition: place.position,
              },
            ]
          : [];
      })
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
  }));
  const confirmedEvents = confirmedSessionEvents(ctx, input.attendees, input.lang);
  const ics = confirmedEvents.length
    ? buildCalendar({ method: 'PUBLISH', events: confirmedEvents, stamp: ctx.now, name: ctx.context.event.name })
    : undefined;
  const email = message(
    ctx,
    input.contact.email,
    input.lang,
    {
      kind: input.kind,
      lang: input.lang,
      event: eventForEmail(ctx.context.event),
      recipientName: input.contact.name,
      companyName: input.companyName,
      manageUrl: input.manageUrl,
      attendees: lines,
      visitRequested: input.visitRequested,
    },
    ics ? { ics, method: 'PUBLISH' } : undefined,
  );
  const stamp = ctx.now.toISOString();
  const uid = registrationCalendarUid(input.registrationId);
  return [
    enqueueMessage({ ...email, registrationId: input.registrationId }, ctx.now),
    compiler
      .insertInto('calendar_items')
      .values({ uid, event_id: ctx.context.event.id, sequence: 0, last_method: null, last_ics: ics ?? null, updated_at: stamp })
      .onConflict((oc) => oc.column('uid').doUpdateSet({ last_ics: ics ?? null, updated_at: stamp }))
      .compile(),
  ];
}

/** A plain message (no calendar) to a registration's contact, rendered from a template input. */
export function plainMessageStatement(ctx: MailContext, to: string, lang: Lang, input: EmailInput, registrationId: string): CompiledQuery {
  return enqueueMessage({ ...message(ctx, to, lang, input), registrationId }, ctx.now);
}
