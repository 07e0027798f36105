/**
 * The domain services bound to one set of dependencies. API routes (c.var.services) and Astro pages
 * (Astro.locals.services) call these same functions; pages never call the API over HTTP.
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { createAccessService } from './access/service.ts';
import { createConfirmationService } from './confirmation.ts';
import { createDelivery } from './delivery.ts';
import { findCurrentEventSlug, getPrivacyNotice, getPublicEvent, listPublicEvents, listPublishedEvents } from './events.ts';
import { createFeeds } from './feeds.ts';
import { createFollowupService } from './followup/service.ts';
import { createFreshCache } from './fresh-cache.ts';
import { createHostService } from './hosts.ts';
import { createMailbox } from './mailbox.ts';
import { createRegistrationService } from './registrations.ts';
import { queueReminders } from './reminders.ts';
import { eraseExpiredPersonalData } from './retention.ts';
import { createSetupService } from './setup/index.ts';
import { createVisitService } from './visits.ts';

export function createServices(deps: Deps) {
  const { db, clock } = deps;
  const cache = createFreshCache(deps.dataVersion, clock);
  return {
    config: deps.config,
    clock,
    /** Values that hold until the data changes (the public event and its pages); see fresh-cache.ts. */
    cache,
    /** Throws when the database cannot answer; the health route turns that into 503. */
    async checkDatabase(): Promise<void> {
      await sql`select 1`.execute(db);
    },
    events: {
      listPublished: () => listPublishedEvents(db, clock.now()),
      getPublic: (slug: string) => cache.get(`event:${slug}`, () => getPublicEvent(db, slug, clock.now())),
      currentSlug: () => cache.get('current-event', () => findCurrentEventSlug(db, clock.now())),
      /** The home page's list: events not yet ended first, then past ones. */
      listPublic: () => cache.get('public-events', () => listPublicEvents(db, clock.now())),
      privacyNotice: (slug: string) => cache.get(`privacy:${slug}`, () => getPrivacyNotice(db, slug)),
    },
    registrations: createRegistrationService(deps),
    /** The contact's confirmation of a new registration before anyone else is mailed (src/domain/confirmation.ts). */
    confirmations: createConfirmationService(deps),
    mailbox: createMailbox(db, deps.config),
    visits: createVisitService(deps),
    hosts: createHostService(deps),
    /** Erases personal data of events past their retention time; returns the slugs erased. */
    eraseExpired: (options?: { limit?: number }) => eraseExpiredPersonalData(deps, options),
    /** Queues the day-before reminders that are due; returns how many were queued. */
    queueReminders: (options?: { max?: number }) => queueReminders(deps, options),
    feeds: createFeeds(deps),
    delivery: createDelivery(deps),
    /** Organisers' sign-in, sessions, API tokens, organisers and audit log (src/domain/access/). */
    access: createAccessService(deps),
    /** Organisers' set-up of events, program, visit slots, topics, zones and hosts (src/domain/setup/). */
    setup: createSetupService(deps),
    /** Organisers' follow-up: registrations, waiting lists, attendee lists, check-in, exports, outbox (src/domain/followup/). */
    followup: createFollowupService(deps),
    /** What the delivery webhook needs: it records provider events against outbox rows. */
    webhooks: { db, clock, secret: deps.config.resendWebhookSecret },
  };
}

export type Services = ReturnType<typeof createServices>;
