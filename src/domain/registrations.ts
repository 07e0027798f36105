/**
 * Company registration: register, read, change, cancel, export and erase, reached through the manage
 * link's token. Every change is one atomic batch with the emails it causes. A new registration plans its places
 * from a snapshot and asserts the plan's outcome (record 0007); a change or cancellation lets its batch's SQL
 * decide every place and leaves notices for the emails of what it decided (record 0011, place-notices.ts).
 */
import { type CompiledQuery, sql } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import { buildCalendar } from '../calendar/ics.ts';
import type { Deps } from '../deps.ts';
import type { AuditEntry } from './access/audit.ts';
import { assertion, isUniqueViolation, retryOnStaleSnapshot } from './batch.ts';
import { alertOnBurst } from './burst-alert.ts';
import { confirmRequestStatement, createConfirmationLinks } from './confirmation.ts';
import { erasedCompany, registrationErasureExtras } from './erasure.ts';
import { type Failure, fail, ok, type Result } from './errors.ts';
import { fieldError, type Lang } from './field-errors.ts';
import { hashSecret, newId, openSealed, sealSecret } from './ids.ts';
import { createManageLinks, currentManageLink } from './manage-links.ts';
import { formatOrgNumber } from './org-number.ts';
import { changedNotice, createPlaceNoticeMail } from './place-notices.ts';
import {
  additionStatements,
  askForPlace,
  fillWaitingPositions,
  type PlaceBatch,
  placeIsConfirmed,
  placeIsConfirmedAndKnown,
  releasePlaces,
  type SessionChange,
  waitingPositionMarker,
} from './place-statements.ts';
import type { RegistrationChange, RegistrationInput } from './registration-input.ts';
import {
  confirmedSessionEvents,
  eventForEmail,
  type MailContext,
  placeUid,
  plainMessageStatement,
  registrationCalendarUid,
  sessionInviteStatements,
  summaryStatements,
} from './registration-mail.ts';
import {
  type EventContext,
  loadCalendarSequences,
  loadEventContext,
  loadRegistration,
  loadSessionStates,
  type StoredRegistration,
} from './registration-store.ts';
import { companyReasons, followRequestStatements } from './visit-lifecycle.ts';
import { type VisitMailContext, visitEvent } from './visit-mail.ts';
import { planSession } from './waitlist.ts';

export interface PlaceView {
  sessionId: string;
  title: { sv: string; en: string };
  startsAt: string;
  endsAt: string;
  room: string;
  status: 'confirmed' | 'waitlisted';
  waitlistPosition: number | null;
}

export interface RegistrationView {
  id: string;
  event: { slug: string; name: string; timeZone: string; startsAt: string };
  status: 'active' | 'cancelled' | 'erased';
  /** When the contact confirmed their address; null: waiting for confirmation ("Väntar på bekräftelse"). */
  confirmedAt: string | null;
  language: Lang;
  company: { orgNumber: string; name: string; industry: string; address: { street: string; postalCode: string; city: string } };
  contact: { name: string; email: string; phone: string };
  attendees: { id: string; name: string; email: string; sessions: PlaceView[] }[];
  viewpoints: { text: string; topics: string[] };
  visitRequest: {
    slotIds: string[];
    topics: string[];
    participants: number;
    message: string;
    zoneId: string | null;
    /** Politicians the company would like to meet; null: no wish. */
    politicians: number | null;
  } | null;
  /** The confirmed company visit: when, where and who is coming. */
  visit: VisitView | null;
  createdAt: string;
  updatedAt: string;
}

export interface VisitView {
  startsAt: string;
  endsAt: string;
  address: string;
  /** Who is coming: name and role (party for politicians, department for officials). */
  hosts: { name: string; role: string; kind: 'politician' | 'official' }[];
}

export interface Created {
  view: RegistrationView;
  manageToken: string;
  /** True when this answers a repeated Idempotency-Key: nothing new was created. */
  replayed: boolean;
}

const IDEMPOTENCY_SCOPE = 'registration';
/** A company's manage link is mailed again at most once per this time, however often it is asked for. */
export const MANAGE_LINK_COOLDOWN_MS = 10 * 60_000;

function toView(stored: StoredRegistration, context: EventContext): RegistrationView {
  return {
    id: stored.id,
    event: { slug: context.event.slug, name: context.event.name, timeZone: context.event.time_zone, startsAt: context.event.starts_at },
    status: stored.status,
    confirmedAt: stored.confirmedAt,
    language: stored.language,
    company: {
      orgNumber: formatOrgNumber(stored.company.orgNumber),
      name: stored.company.name,
      industry: stored.company.industry,
      address: { street: stored.company.street, postalCode: stored.company.postalCode, city: stored.company.city },
    },
    contact: stored.contact,
    attendees: stored.attendees.map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      sessions: a.places
        .flatMap((p) => {
          const s = context.sessions.get(p.sessionId);
          return s
            ? [
                {
                  sessionId: p.sessionId,
                  title: s.title,
                  startsAt: s.startsAt,
                  endsAt: s.endsAt,
                  room: s.room,
                  status: p.status,
                  waitlistPosition: p.position,
                },
              ]
            : [];
        })
        .sort((x, y) => x.startsAt.localeCompare(y.startsAt)),
    })),
    viewpoints: { text: stored.viewpointText, topics: stored.viewpointTopicIds },
    visitRequest: stored.visitRequest
      ? {
          slotIds: stored.visitRequest.slotIds,
          topics: stored.visitRequest.topicIds,
          participants: stored.visitRequest.participants,
          message: stored.visitRequest.message,
          zoneId: stored.visitRequest.zoneId,
          politicians: stored.visitRequest.politicians,
        }
      : null,
    visit: stored.visit && {
      startsAt: stored.visit.startsAt,
      endsAt: stored.visit.endsAt,
      address: stored.visit.address,
      hosts: stored.visit.hosts.map((h) => ({ name: h.name, role: h.role, kind: h.kind })),
    },
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

/** Checks what the schema cannot: ids belong to the event, and no attendee is in two sessions at once. */
function checkAgainstEvent(
  context: EventContext,
  input: {
    attendees?: { sessionIds: string[] }[];
    viewpoints?: { topics: string[] };
    visitRequest?: { slotIds: string[]; topics: string[]; zoneId?: string | null; politicians?: number | null } | null;
  },
  lang: Lang,
) {
  const errors = [];
  const most = context.event.max_attendees_per_company;
  if (input.attendees && input.attendees.length > most) errors.push(fieldError('attendees', 'too_many_attendees', lang, { max: most }));
  for (const [a, attendee] of (input.attendees ?? []).entries()) {
    const chosen = attendee.sessionIds.map((id) => context.sessions.get(id));
    attendee.sessionIds.forEach((id, s) => {
      if (!context.sessions.has(id)) errors.push(fieldError(`attendees.${a}.sessionIds.${s}`, 'unknown_session', lang));
    });
    const known = chosen.filter((s) => s !== undefined).sort((x, y) => x.startsAt.localeCompare(y.startsAt));
    if (known.some((s, i) => i > 0 && s.startsAt < (known[i - 1] as typeof s).endsAt)) {
      errors.push(fieldError(`attendees.${a}.sessionIds`, 'sessions_overlap', lang));
    }
  }
  input.viewpoints?.topics.forEach((id, t) => {
    if (!context.topicIds.has(id)) errors.push(fieldError(`viewpoints.topics.${t}`, 'unknown_topic', lang));
  });
  input.visitRequest?.slotIds.forEach((id, s) => {
    if (!context.slotIds.has(id)) errors.push(fieldError(`visitRequest.slotIds.${s}`, 'unknown_slot', lang));
  });
  input.visitRequest?.topics.forEach((id, t) => {
    if (!context.topicIds.has(id)) errors.push(fieldError(`visitRequest.topics.${t}`, 'unknown_topic', lang));
  });
  const zoneId = input.visitRequest?.zoneId;
  if (zoneId && !context.zoneIds.has(zoneId)) errors.push(fieldError('visitRequest.zoneId', 'unknown_zone', lang));
  const politicians = input.visitRequest?.politicians;
  if (politicians && politicians > context.event.max_politicians) {
    errors.push(fieldError('visitRequest.politicians', 'too_many_politicians', lang));
  }
  return errors;
}

function registrationWindow(context: EventContext, now: Date): Failure | undefined {
  const { event } = context;
  const instant = now.toISOString();
  if (event.status === 'draft') return { code: 'event_not_found' };
  if (event.status === 'closed' || instant >= event.registration_closes_at) return { code: 'registration_closed' };
  if (instant < event.registration_opens_at) return { code: 'registration_not_open' };
  if (event.registration_paused === 1) return { code: 'registration_paused' };
  return undefined;
}

async function sha256Json(value: unknown): Promise<string> {
  return hashSecret(JSON.stringify(value));
}

/** The registration's own columns for the company it names (migration 0011): what only its manage link changes. */
function companyColumns(company: RegistrationInput['company']) {
  return {
    company_org_number: company.orgNumber,
    company_name: company.name,
    company_industry: company.industry,
    company_street: company.address.street,
    company_postal_code: company.address.postalCode,
    company_city: company.address.city,
  };
}

function visitRequestStatements(
  requestId: string,
  registrationId: string,
  eventId: string,
  address: { street: string; postalCode: string; city: string },
  request: NonNullable<RegistrationInput['visitRequest']>,
  stamp: string,
  /** The zone and politician wish when the request leaves them out (a change keeps what the request had). */
  kept: { zoneId: string | null; politicians: number | null } = { zoneId: null, politicians: null },
  /** When the company first asked: a changed request keeps its place in the queue for visits. */
  arrivedAt: string = stamp,
): CompiledQuery[] {
  return [
    compiler
      .insertInto('visit_requests')
      .values({
        id: requestId,
        event_id: eventId,
        registration_id: registrationId,
        street: address.street,
        postal_code: address.postalCode,
        city: address.city,
        participants: request.participants,
        message: request.message,
        zone_id: request.zoneId === undefined ? kept.zoneId : request.zoneId,
        wants_politician_count: request.politicians === undefined ? kept.politicians : request.politicians,
        created_at: arrivedAt,
        updated_at: stamp,
      })
      .compile(),
    ...request.slotIds.map((slotId) =>
      compiler.insertInto('visit_request_slots').values({ request_id: requestId, slot_id: slotId }).compile(),
    ),
    ...request.topics.map((topicId) =>
      compiler.insertInto('visit_request_topics').values({ request_id: requestId, topic_id: topicId }).compile(),
    ),
  ];
}

/**
 * The CANCEL for a place that goes, written before the batch releases it and only if the place is then confirmed
 * and known to its holder (a promotion whose email is not out yet needs none: its notice is dropped).
 */
function cancelInvite(
  ctx: MailContext,
  going: { attendee: { id: string; name: string; email: string }; place: { placeId: string; sessionId: string } },
  companyName: string,
  lang: Lang,
): CompiledQuery[] {
  return sessionInviteStatements(
    ctx,
    { method: 'CANCEL', sessionId: going.place.sessionId, attendee: going.attendee, companyName, lang },
    placeIsConfirmedAndKnown(going.place.placeId),
  );
}

export function createRegistrationService(deps: Deps) {
  const { db, batch, clock, config } = deps;
  const visitContext = (context: EventContext, now: Date): VisitMailContext => ({
    event: context.event,
    now,
    publicUrl: config.publicUrl,
  });
  const noticeMail = createPlaceNoticeMail(deps);

  const links = createManageLinks(config);
  const manageUrl = links.urlForToken;
  const confirmationLinks = createConfirmationLinks(config);

  async function findByToken(token: string) {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    const stored = await loadRegistration(db, { tokenHash: await hashSecret(token) });
    if (!stored || stored.status === 'erased') return undefined;
    if (stored.manageTokenExpiresAt <= clock.now().toISOString()) return undefined;
    const context = await loadEventContext(db, { id: stored.eventId });
    return context ? { stored, context } : undefined;
  }

  /**
   * Someone asks for the company's manage link again: mail the company's own link to the contact already on file
   * (anyone who knows the organisation number can ask, so nothing is retired), at most once per
   * MANAGE_LINK_COOLDOWN_MS; the caller's answer is the same in every case.
   */
  async function resendManageLink(context: EventContext, orgNumber: string, now: Date): Promise<void> {
    const existing = await db
      .selectFrom('registrations as r')
      .select([
        'r.id',
        'r.contact_name',
        'r.contact_email',
        'r.language',
        'r.manage_token_generation',
        'r.confirmed_at',
        'r.company_name as name',
      ])
      .select((eb) =>
        eb
          .selectFrom('attendees')
          .select((a) => a.fn.countAll<number>().as('n'))
          .whereRef('registration_id', '=', 'r.id')
          .where('removed_at', 'is', null)
          .as('attendee_count'),
      )
      .where('r.event_id', '=', context.event.id)
      .where('r.company_org_number', '=', orgNumber)
      .where('r.status', '=', 'active')
      .executeTakeFirst();
    if (!existing) return;
    // At most one email a company per MANAGE_LINK_COOLDOWN_MS: knowing an organisation number is not enough to
    // flood its contact. The link is the one the company already has, so asking again never breaks a working one
    // (a legacy random token, which cannot be derived again, gives way to the first derived link).
    const recent = await db
      .selectFrom('outbox')
      .select('id')
      .where('event_id', '=', context.event.id)
      // Unconfirmed, the email is the request to confirm again, and the first one counts.
      .where('kind', '=', existing.confirmed_at ? 'manage_link_resent' : 'registration_confirm_request')
      .where('to_address', '=', existing.contact_email)
      .where('created_at', '>', new Date(now.getTime() - MANAGE_LINK_COOLDOWN_MS).toISOString())
      .executeTakeFirst();
    if (recent) return;
    const ctx: MailContext = { context, now };
    if (!existing.confirmed_at) {
      // Not confirmed yet: the contact gets the request to confirm again, the only email that may reach them.
      await batch.run([
        confirmRequestStatement(
          ctx,
          {
            registrationId: existing.id,
            lang: existing.language,
            contact: { name: existing.contact_name, email: existing.contact_email },
            companyName: existing.name,
            attendeeCount: Number(existing.attendee_count ?? 0),
          },
          await confirmationLinks.emailUrl(existing.id, existing.language),
        ),
      ]);
      return;
    }
    const current = await currentManageLink(links, existing.id, existing.manage_token_generation);
    const token = current.token;
    await batch.run([
      ...current.statements,
      plainMessageStatement(
        ctx,
        existing.contact_email,
        existing.language,
        {
          kind: 'manage_link_resent',
          lang: existing.language,
          event: eventForEmail(context.event),
          recipientName: existing.contact_name,
          companyName: existing.name,
          manageUrl: await links.emailUrl(token, existing.language),
        },
        existing.id,
      ),
    ]);
  }

  async function replay(keyHash: string, key: string, requestHash: string): Promise<Result<Created> | undefined> {
    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', IDEMPOTENCY_SCOPE)
      .where('key', '=', keyHash)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.request_hash !== requestHash) return fail('idempotency_conflict');
    const saved = JSON.parse(row.body) as { registrationId: string; sealedToken: string };
    const token = await openSealed(saved.sealedToken, key);
    const stored = await loadRegistration(db, { id: saved.registrationId });
    const context = stored && (await loadEventContext(db, { id: stored.eventId }));
    if (!token || !stored || !context) return fail('not_found');
    return ok({ view: toView(stored, context), manageToken: token, replayed: true });
  }

  async function register(
    slug: string,
    input: RegistrationInput,
    options: {
      idempotencyKey?: string;
      lang: Lang;
      /** An organiser registers the company: the registration counts as confirmed and mails as before. */
      confirmedByOrganiser?: boolean;
    },
  ): Promise<Result<Created>> {
    const context = await loadEventContext(db, { slug });
    if (!context || context.event.status === 'draft') return fail('event_not_found');
    const closed = registrationWindow(context, clock.now());
    if (closed) return { ok: false, error: closed };
    const fieldProblems = checkAgainstEvent(context, input, options.lang);
    if (fieldProblems.length) return fail('validation_failed', undefined, fieldProblems);

    const key = options.idempotencyKey;
    const keyHash = key ? await hashSecret(`key:${key}`) : undefined;
    // Only an Idempotency-Key needs the request's hash (to tell a replay from a reuse for another body).
    const requestHash = key ? await sha256Json({ slug, input }) : '';
    if (key && keyHash) {
      const replayed = await replay(keyHash, key, requestHash);
      if (replayed) return replayed;
    }

    // The id, the manage token, its hash and the link as emails store it are made once, not on every rebuild of
    // the attempt: hashing and sealing are async (Web Crypto).
    const registrationId = newId();
    const token = await links.token(registrationId, 0);
    const tokenHash = await hashSecret(token);
    const emailUrl = await links.emailUrl(token, input.language);
    const confirmUrl = await confirmationLinks.emailUrl(registrationId, input.language);
    const attempt = async (): Promise<Result<Created>> => {
      const now = clock.now();
      const stamp = now.toISOString();
      const attendees = input.attendees.map((a) => ({ ...a, id: newId() }));
      const sessionIds = [...new Set(attendees.flatMap((a) => a.sessionIds))];
      const states = await loadSessionStates(db, sessionIds);

      // Attendees ask for places in the order they were given, session by session.
      const changes: SessionChange[] = [];
      const placed = new Map<string, { sessionId: string; status: 'confirmed' | 'waitlisted'; position: number | null }[]>();
      const marks: { marker: number; placeId: string }[] = [];
      for (const sessionId of sessionIds) {
        const state = states.get(sessionId);
        if (!state) continue;
        const newcomers = attendees.filter((a) => a.sessionIds.includes(sessionId)).map((a) => a.id);
        const plan = planSession(state, { cancelledConfirmed: 0, cancelledWaiting: new Set(), newAttendees: newcomers });
        const newPlaceIds = plan.added.map(() => newId());
        changes.push({ state, plan, cancelledPlaceIds: [], newPlaceIds });
        plan.added.forEach((added, index) => {
          // A waiting place's position is decided by the batch (additionStatements): the email gets a marker.
          const marker = added.status === 'waitlisted' ? waitingPositionMarker() : undefined;
          if (marker !== undefined) marks.push({ marker, placeId: newPlaceIds[index] as string });
          const list = placed.get(added.attendeeId) ?? [];
          list.push({ sessionId, status: added.status, position: marker ?? added.position });
          placed.set(added.attendeeId, list);
        });
      }

      const ctx: MailContext = { context, now };
      const company = input.company;
      const statements: CompiledQuery[] = [
        compiler
          .insertInto('registrations')
          .values({
            id: registrationId,
            event_id: context.event.id,
            ...companyColumns(company),
            contact_name: input.contact.name,
            contact_email: input.contact.email,
            contact_phone: input.contact.phone,
            language: input.language,
            viewpoint_text: input.viewpoints?.text ?? '',
            consent_at: stamp,
            manage_token_hash: '',
            manage_token_generation: 0,
            manage_token_expires_at: context.event.ends_at,
            confirmed_at: options.confirmedByOrganiser ? stamp : null,
            created_at: stamp,
            updated_at: stamp,
          })
          .compile(),
        compiler.updateTable('registrations').set({ manage_token_hash: tokenHash }).where('id', '=', registrationId).compile(),
        ...(input.viewpoints?.topics ?? []).map((topicId) =>
          compiler.insertInto('registration_topics').values({ registration_id: registrationId, topic_id: topicId }).compile(),
        ),
        ...attendees.map((a, index) =>
          compiler
            .insertInto('attendees')
            .values({ id: a.id, registration_id: registrationId, name: a.name, email: a.email, sort: index, created_at: stamp })
            .compile(),
        ),
        ...changes.flatMap((change) => additionStatements(change, stamp)),
        ...(input.visitRequest
          ? visitRequestStatements(newId(), registrationId, context.event.id, company.address, input.visitRequest, stamp)
          : []),
      ];
      if (key && keyHash) {
        statements.push(
          compiler
            .insertInto('idempotency_keys')
            .values({
              scope: IDEMPOTENCY_SCOPE,
              key: keyHash,
              request_hash: requestHash,
              status: 201,
              body: JSON.stringify({ registrationId, sealedToken: await sealSecret(token, key) }),
              created_at: stamp,
            })
            .compile(),
        );
      }
      statements.push(
        ...summaryStatements(ctx, {
          kind: 'registration_confirmed',
          registrationId,
          lang: input.language,
          companyName: company.name,
          contact: input.contact,
          manageUrl: emailUrl,
          visitRequested: Boolean(input.visitRequest),
          attendees: attendees.map((a) => ({ id: a.id, name: a.name, places: placed.get(a.id) ?? [] })),
        }),
        ...fillWaitingPositions(context.event.id, input.contact.email, marks),
      );
      if (!options.confirmedByOrganiser) {
        statements.push(
          confirmRequestStatement(
            ctx,
            {
              registrationId,
              lang: input.language,
              contact: input.contact,
              companyName: company.name,
              attendeeCount: attendees.length,
            },
            confirmUrl,
          ),
        );
      }
      for (const a of attendees) {
        for (const place of placed.get(a.id) ?? []) {
          if (place.status !== 'confirmed') continue;
          statements.push(
            ...sessionInviteStatements(ctx, {
              method: 'REQUEST',
              sessionId: place.sessionId,
              attendee: a,
              companyName: company.name,
              lang: input.language,
            }),
          );
        }
      }
      if (input.visitRequest) {
        statements.push(
          plainMessageStatement(
            ctx,
            input.contact.email,
            input.language,
            {
              kind: 'visit_request_received',
              lang: input.language,
              event: eventForEmail(context.event),
              recipientName: input.contact.name,
              companyName: company.name,
              manageUrl: emailUrl,
              slots: [...context.slotIds].length
                ? await db
                    .selectFrom('visit_slots')
                    .select(['starts_at as startsAt', 'ends_at as endsAt'])
                    .where('id', 'in', input.visitRequest.slotIds)
                    .orderBy('starts_at')
                    .execute()
                : [],
              topics: input.visitRequest.topics.length
                ? (
                    await db
                      .selectFrom('topics')
                      .select(['name_sv', 'name_en'])
                      .where('id', 'in', input.visitRequest.topics)
                      .orderBy('sort')
                      .execute()
                  ).map((t) => (input.language === 'sv' ? t.name_sv : t.name_en))
                : [],
            },
            registrationId,
          ),
        );
      }

      try {
        await batch.run(statements);
      } catch (error) {
        if (isUniqueViolation(error, 'registrations.event_id')) {
          await resendManageLink(context, company.orgNumber, now);
          return fail('already_registered');
        }
        if (key && keyHash && isUniqueViolation(error, 'idempotency_keys.')) {
          // The same key won a race a moment ago: answer as it did.
          return (await replay(keyHash, key, requestHash)) ?? fail('idempotency_conflict');
        }
        throw error;
      }
      await alertOnBurst(deps, context, now);
      const stored = await loadRegistration(db, { id: registrationId });
      if (!stored) throw new Error('registration vanished after commit');
      return ok({ view: toView(stored, context), manageToken: token, replayed: false });
    };

    return retryOnStaleSnapshot(attempt);
  }

  async function get(token: string): Promise<RegistrationView | undefined> {
    const found = await findByToken(token);
    return found ? toView(found.stored, found.context) : undefined;
  }

  /**
   * Applies a change through the manage link. Attendees are matched by email: a kept attendee keeps the
   * places it still wants (and its place in line), loses the others, and asks for new ones at the end.
   */
  async function change(token: string, input: RegistrationChange, lang: Lang): Promise<Result<RegistrationView>> {
    return changeFound(() => findByToken(token), input, lang, { manageToken: token });
  }

  async function changeFound(
    locate: () => Promise<Found | undefined>,
    input: RegistrationChange,
    lang: Lang,
    options: OnBehalf & { manageToken?: string },
  ): Promise<Result<RegistrationView>> {
    const found = await locate();
    if (!found) return fail('not_found');
    if (found.stored.status !== 'active') return fail('registration_closed', 'the registration is cancelled');
    const closed = registrationWindow(found.context, clock.now());
    // A pause stops every change through the manage link; otherwise a closed registration stops changes of attendees.
    if (closed?.code === 'registration_paused' && options.manageToken) return { ok: false, error: closed };
    if (closed && closed.code !== 'registration_paused' && input.attendees) return { ok: false, error: closed };
    const problems = checkAgainstEvent(found.context, input, lang);
    if (problems.length) return fail('validation_failed', undefined, problems);

    // Places never make this batch fail: they are decided by its SQL (decision 0011). Only a visit the change
    // ends or moves is asserted as read (visit-lifecycle.ts), and a concurrent change to that visit rebuilds it.
    const done = await retryOnStaleSnapshot(async () => {
      const current = await locate();
      if (current?.stored.status !== 'active') return fail('not_found');
      const { stored, context } = current;
      const now = clock.now();
      const stamp = now.toISOString();
      const ctx: MailContext = { context, now };
      const placeBatch: PlaceBatch = { eventId: context.event.id, batchId: newId(), registrationId: stored.id, now: stamp };
      const registrationLang = input.language ?? stored.language;
      const companyName = input.company?.name ?? stored.company.name;
      const statements: CompiledQuery[] = [];

      // Who stays, who goes, who is new.
      const wanted =
        input.attendees ?? stored.attendees.map((a) => ({ name: a.name, email: a.email, sessionIds: a.places.map((p) => p.sessionId) }));
      const byEmail = new Map(stored.attendees.map((a) => [a.email.toLowerCase(), a]));
      const next = wanted.map((w) => {
        const existing = byEmail.get(w.email.toLowerCase());
        return { id: existing?.id ?? newId(), existing, name: w.name, email: w.email, sessionIds: w.sessionIds };
      });
      const keptIds = new Set(next.filter((n) => n.existing).map((n) => n.id));
      const removed = stored.attendees.filter((a) => !keptIds.has(a.id));

      const cancelled: {
        attendee: { id: string; name: string; email: string };
        place: (typeof stored.attendees)[number]['places'][number];
      }[] = [];
      for (const a of removed) for (const place of a.places) cancelled.push({ attendee: a, place });
      for (const n of next) {
        for (const place of n.existing?.places ?? []) if (!n.sessionIds.includes(place.sessionId)) cancelled.push({ attendee: n, place });
      }
      const additions = next.flatMap((n) =>
        n.sessionIds
          .filter((s) => !n.existing?.places.some((p) => p.sessionId === s))
          .map((sessionId) => ({ attendee: n, sessionId, placeId: newId() })),
      );

      // Registration, company, contact, viewpoints.
      statements.push(
        compiler
          .updateTable('registrations')
          .set({
            contact_name: input.contact?.name ?? stored.contact.name,
            contact_email: input.contact?.email ?? stored.contact.email,
            contact_phone: input.contact?.phone ?? stored.contact.phone,
            language: registrationLang,
            viewpoint_text: input.viewpoints?.text ?? stored.viewpointText,
            // This registration's own copy of the company: no other registration shares it.
            ...(input.company && companyColumns({ ...input.company, orgNumber: stored.company.orgNumber })),
            updated_at: stamp,
          })
          .where('id', '=', stored.id)
          .compile(),
      );
      if (input.viewpoints) {
        statements.push(compiler.deleteFrom('registration_topics').where('registration_id', '=', stored.id).compile());
        for (const topicId of input.viewpoints.topics)
          statements.push(compiler.insertInto('registration_topics').values({ registration_id: stored.id, topic_id: topicId }).compile());
      }
      next.forEach((n, index) => {
        if (n.existing) {
          statements.push(
            compiler.updateTable('attendees').set({ name: n.name, email: n.email, sort: index }).where('id', '=', n.id).compile(),
          );
        } else {
          statements.push(
            compiler
              .insertInto('attendees')
              .values({ id: n.id, registration_id: stored.id, name: n.name, email: n.email, sort: index, created_at: stamp })
              .compile(),
          );
        }
      });
      for (const a of removed)
        statements.push(compiler.updateTable('attendees').set({ removed_at: stamp }).where('id', '=', a.id).compile());

      // Places, decided by the batch: what goes is released (its CANCEL written first, while the batch can still see
      // whether the place was confirmed), freed places go to the first in line, then each new place is asked for
      // in the order the attendees were given, with its invite if the batch confirmed it.
      for (const c of cancelled) statements.push(...cancelInvite(ctx, c, companyName, registrationLang));
      const touched = [...cancelled.map((c) => c.place.sessionId), ...additions.map((a) => a.sessionId)];
      statements.push(
        ...releasePlaces(
          cancelled.map((c) => c.place.placeId),
          touched,
          placeBatch,
        ),
      );
      for (const a of additions) {
        statements.push(
          askForPlace({ sessionId: a.sessionId, placeId: a.placeId, attendeeId: a.attendee.id }, stamp),
          ...sessionInviteStatements(
            ctx,
            { method: 'REQUEST', sessionId: a.sessionId, attendee: a.attendee, companyName, lang: registrationLang },
            placeIsConfirmed(a.placeId),
          ),
        );
      }

      if (input.visitRequest !== undefined) {
        // A changed request is a new row (the old one is kept, withdrawn); its live visit follows it when the
        // planned slot is still acceptable, and is cancelled with invites to everyone otherwise.
        const requestId = newId();
        const address = input.company?.address ?? {
          street: stored.company.street,
          postalCode: stored.company.postalCode,
          city: stored.company.city,
        };
        if (stored.visitRequest) {
          statements.push(
            compiler
              .updateTable('visit_requests')
              .set({ status: 'withdrawn', withdrawn_at: stamp, updated_at: stamp })
              .where('id', '=', stored.visitRequest.id)
              .compile(),
          );
        }
        if (input.visitRequest) {
          statements.push(
            ...visitRequestStatements(
              requestId,
              stored.id,
              context.event.id,
              address,
              input.visitRequest,
              stamp,
              { zoneId: stored.visitRequest?.zoneId ?? null, politicians: stored.visitRequest?.politicians ?? null },
              stored.visitRequest?.createdAt ?? stamp,
            ),
          );
        }
        if (stored.visitRequest) {
          statements.push(
            ...(await followRequestStatements(db, visitContext(context, now), {
              requestId: stored.visitRequest.id,
              replacement: input.visitRequest && {
                requestId,
                slotIds: input.visitRequest.slotIds,
                topicIds: input.visitRequest.topics,
                street: address.street,
                postalCode: address.postalCode,
                city: address.city,
                participants: input.visitRequest.participants,
                message: input.visitRequest.message,
              },
              reason: companyReasons.withdrawn,
              actor: options.actor ?? companyActor,
            })),
          );
        }
      }

      // The contact's summary lists places the batch decides: it is rendered from the rows once the batch is in.
      statements.push(changedNotice(placeBatch));
      await batch.run([...statements, ...(options.extra?.(stored, now) ?? [])]);
      return ok({ batchId: placeBatch.batchId, registrationId: stored.id, context });
    });
    if (!done.ok) return done;
    await mailWhatTheBatchDecided(done.value.batchId, options.manageToken);
    const updated = await loadRegistration(db, { id: done.value.registrationId });
    if (!updated) throw new Error('registration vanished after commit');
    return ok(toView(updated, done.value.context));
  }

  /** Cancels the whole registration: every place goes, the next in line move up, everyone is told. */
  async function cancel(token: string): Promise<Result<RegistrationView>> {
    return cancelFound(() => findByToken(token), {});
  }

  async function cancelFound(locate: () => Promise<Found | undefined>, options: OnBehalf): Promise<Result<RegistrationView>> {
    const found = await locate();
    if (!found) return fail('not_found');
    if (found.stored.status !== 'active') return ok(toView(found.stored, found.context));
    // As for a change: places are decided by the batch's SQL; only the visit part is asserted as read.
    const done = await retryOnStaleSnapshot(async () => {
      const current = await locate();
      if (!current) return fail('not_found');
      const { stored, context } = current;
      if (stored.status !== 'active') return ok({ batchId: undefined, registrationId: stored.id, context });
      const now = clock.now();
      const stamp = now.toISOString();
      const ctx: MailContext = { context, now };
      const placeBatch: PlaceBatch = { eventId: context.event.id, batchId: newId(), registrationId: stored.id, now: stamp };
      const places = stored.attendees.flatMap((a) => a.places.map((place) => ({ attendee: a, place })));
      const statements: CompiledQuery[] = [
        compiler
          .updateTable('registrations')
          .set({ status: 'cancelled', cancelled_at: stamp, updated_at: stamp })
          .where('id', '=', stored.id)
          .compile(),
        ...places.flatMap((p) => cancelInvite(ctx, p, stored.company.name, stored.language)),
        ...releasePlaces(
          places.map((p) => p.place.placeId),
          places.map((p) => p.place.sessionId),
          placeBatch,
        ),
      ];
      if (stored.visitRequest) {
        statements.push(
          compiler
            .updateTable('visit_requests')
            .set({ status: 'withdrawn', withdrawn_at: stamp, updated_at: stamp })
            .where('id', '=', stored.visitRequest.id)
            .compile(),
          ...(await followRequestStatements(db, visitContext(context, now), {
            requestId: stored.visitRequest.id,
            replacement: null,
            reason: companyReasons.cancelled,
            actor: options.actor ?? companyActor,
          })),
        );
      }
      const notice = {
        lang: stored.language,
        event: eventForEmail(context.event),
        recipientName: stored.contact.name,
        companyName: stored.company.name,
      };
      statements.push(
        plainMessageStatement(
          ctx,
          stored.contact.email,
          stored.language,
          options.releasedUnconfirmed
            ? { ...notice, kind: 'registration_released', holdHours: context.event.confirmation_hold_hours }
            : { ...notice, kind: 'registration_cancelled' },
          stored.id,
        ),
        // What an unconfirmed registration held back (its attendees' invites and their cancellations, queued above,
        // among them) is never sent: nobody but the contact hears of it. Last, so it takes what this batch queued too.
        compiler.deleteFrom('outbox').where('registration_id', '=', stored.id).where('held', '=', 1).compile(),
      );
      await batch.run([...statements, ...(options.extra?.(stored, now) ?? [])]);
      return ok({ batchId: placeBatch.batchId as string | undefined, registrationId: stored.id, context });
    });
    if (!done.ok) return done;
    if (done.value.batchId) await mailWhatTheBatchDecided(done.value.batchId);
    const updated = await loadRegistration(db, { id: done.value.registrationId });
    if (!updated) throw new Error('registration vanished after commit');
    return ok(toView(updated, done.value.context));
  }

  /** Everything stored about the registration, for the owner to download (GDPR access and portability). */
  async function exportData(token: string) {
    const found = await findByToken(token);
    if (!found) return undefined;
    const view = toView(found.stored, found.context);
    const messages = await db
      .selectFrom('outbox')
      .select(['kind', 'to_address', 'subject', 'status', 'created_at', 'sent_at'])
      // The registration's own messages, by id: never another's that went to the same address, nor a host's.
      .where('registration_id', '=', found.stored.id)
      .where('event_id', '=', found.stored.eventId)
      .orderBy('created_at')
      .execute();
    return {
      exportedAt: clock.now().toISOString(),
      registration: view,
      consentGivenAt: found.stored.consentAt,
      emailsSent: messages.map((m) => ({
        kind: m.kind,
        to: m.to_address,
        subject: m.subject,
        status: m.status,
        queuedAt: m.created_at,
        sentAt: m.sent_at,
      })),
    };
  }

  /**
   * Erases personal data: names, email addresses, phone and free text are overwritten, the manage link
   * stops working, places are released as on cancellation. Anonymous counts (how many registered, which
   * sessions, industry) stay.
   */
  async function erase(token: string): Promise<Result<{ erased: true }>> {
    const found = await findByToken(token);
    if (!found) return fail('not_found');
    if (found.stored.status === 'active') {
      const cancelled = await cancel(token);
      if (!cancelled.ok) return cancelled;
    }
    const stored = found.stored;
    const stamp = clock.now().toISOString();
    const erasedText = '(raderad)';
    await batch.run([
      compiler
        .updateTable('registrations')
        .set({
          status: 'erased',
          contact_name: erasedText,
          contact_email: '',
          contact_phone: '',
          viewpoint_text: '',
          ...erasedCompany,
          manage_token_hash: `erased:${stored.id}`,
          erased_at: stamp,
          updated_at: stamp,
        })
        .where('id', '=', stored.id)
        .compile(),
      compiler.updateTable('attendees').set({ name: erasedText, email: '' }).where('registration_id', '=', stored.id).compile(),
      ...registrationErasureExtras(stored.id),
      compiler
        .updateTable('visit_requests')
        .set({ street: '', postal_code: '', city: '', message: '' })
        .where('registration_id', '=', stored.id)
        .compile(),
      // Its own messages only, by id: another registration's, a host's or an organiser's to the same address stay.
      compiler.deleteFrom('outbox').where('registration_id', '=', stored.id).where('status', 'in', ['sent', 'failed']).compile(),
      compiler
        .updateTable('calendar_items')
        .set({ last_ics: null, updated_at: stamp })
        .where('uid', 'in', [
          registrationCalendarUid(stored.id),
          ...stored.attendees.flatMap((a) => a.places.map((p) => placeUid(p.sessionId, a.id))),
        ])
        .compile(),
    ]);
    return ok({ erased: true });
  }

  /**
   * The registration's calendar file as things stand: every confirmed place, and the confirmed visit under the
   * UID and SEQUENCE of its invite, so importing it updates the events a calendar already has instead of adding
   * copies.
   */
  async function calendarFile(token: string): Promise<string | undefined> {
    const found = await findByToken(token);
    if (!found) return undefined;
    const { stored, context } = found;
    const now = clock.now();
    const events = confirmedSessionEvents({ context, now }, stored.attendees, stored.language);
    if (stored.visit) {
      const sequences = await loadCalendarSequences(db, [stored.visit.calendarUid]);
      events.push(visitEvent(context.event, stored.visit, sequences.get(stored.visit.calendarUid) ?? 0, []));
    }
    return events.length ? buildCalendar({ method: 'PUBLISH', events, stamp: now, name: context.event.name }) : undefined;
  }

  // Organisers acting on a company's behalf (src/domain/followup/): found by id, without the manage token,
  // through the very same change and cancel logic and emails. `extra` adds statements (the audit row) to
  // the change's own atomic batch.

  async function findById(id: string): Promise<Found | undefined> {
    const stored = await loadRegistration(db, { id });
    if (!stored || stored.status === 'erased') return undefined;
    const context = await loadEventContext(db, { id: stored.eventId });
    return context ? { stored, context } : undefined;
  }

  /** A registration as its owner sees it, by id (any status). */
  async function getById(id: string): Promise<RegistrationView | undefined> {
    const stored = await loadRegistration(db, { id });
    const context = stored && (await loadEventContext(db, { id: stored.eventId }));
    return stored && context ? toView(stored, context) : undefined;
  }

  /** `change` on the company's behalf: same rules and emails; the summary email carries a fresh manage link. */
  const changeById = (id: string, input: RegistrationChange, lang: Lang, options: OnBehalf = {}) =>
    changeFound(() => findById(id), input, lang, options);

  /** `cancel` on the company's behalf: same rules and emails. */
  const cancelById = (id: string, options: OnBehalf = {}) => cancelFound(() => findById(id), options);

  /**
   * The hold time passed without the contact confirming: the registration is cancelled exactly as a cancellation
   * (places released, the waiting list promoted), the contact is told, its held messages go unsent. A confirmation
   * that lands first wins: the batch asserts the registration is still unconfirmed, and a retry finds it confirmed.
   */
  const releaseUnconfirmed = (id: string) =>
    cancelFound(
      async () => {
        const found = await findById(id);
        return found && found.stored.confirmedAt === null ? found : undefined;
      },
      {
        releasedUnconfirmed: true,
        actor: { label: 'hold time' },
        extra: (stored) => [assertion(sql<boolean>`(SELECT confirmed_at FROM registrations WHERE id = ${stored.id}) IS NULL`)],
      },
    );

  /**
   * A lost or outdated manage link: mail a fresh one to the contact on file of every active registration
   * of the company for events that have not ended. Says nothing about whether the company is registered.
   */
  async function requestNewLink(orgNumber: string): Promise<void> {
    const events = await db
      .selectFrom('registrations as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .select('e.id')
      .where('r.company_org_number', '=', orgNumber)
      .where('r.status', '=', 'active')
      .where('e.ends_at', '>', clock.now().toISOString())
      .execute();
    for (const { id } of events) {
      const context = await loadEventContext(db, { id });
      if (context) await resendManageLink(context, orgNumber, clock.now());
    }
  }

  /**
   * Emails of place notices left behind (the scheduled job): at most `limit`, written at least `olderThanMs` ago
   * (default 30 s: the request that wrote a notice renders it itself, with the manage link it holds); returns how
   * many were settled.
   */
  const deliverPlaceNotices = (options: { limit: number; olderThanMs?: number }) =>
    noticeMail.deliver({ limit: options.limit, olderThanMs: options.olderThanMs ?? 30_000 });

  /**
   * The emails of a change's batch, right after it committed. The change stands whatever happens here: if this
   * fails, the scheduled job sends them (deliverPlaceNotices), so the answer does not turn into an error.
   */
  async function mailWhatTheBatchDecided(batchId: string, manageToken?: string): Promise<void> {
    try {
      await noticeMail.deliver({ batchId, ...(manageToken ? { manageToken } : {}) });
    } catch (error) {
      console.error('place notices: left for the scheduled job', error);
    }
  }

  return {
    register,
    get,
    change,
    cancel,
    exportData,
    erase,
    calendarFile,
    manageUrl,
    getById,
    changeById,
    cancelById,
    requestNewLink,
    deliverPlaceNotices,
    releaseUnconfirmed,
  };
}

type Found = { stored: StoredRegistration; context: EventContext };

/** Extra statements for a change's own batch, built from the snapshot it changes (e.g. an audit row). */
export interface OnBehalf {
  extra?: (before: StoredRegistration, now: Date) => CompiledQuery[];
  /** Who acts, for the audit rows of visits the change ends or moves (default: the company itself). */
  actor?: AuditEntry['actor'];
  /** A cancellation because the contact never confirmed: the contact is told the places were released. */
  releasedUnconfirmed?: boolean;
}

/** The company acting through its manage link. */
const companyActor: AuditEntry['actor'] = { label: 'company' };

export type RegistrationService = ReturnType<typeof createRegistrationService>;
