import { type Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../deps.ts';
import { recordDeliveryEvent } from '../../mail/delivery-events.ts';
import { verifyWebhookSignature } from '../../mail/webhook-signature.ts';
import type { AppEnv } from '../env.ts';
import { describe, validate } from '../openapi.ts';
import { problem } from '../problem.ts';

export interface WebhookDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** The endpoint's signing secret (`whsec_…`); undefined when webhooks are not configured. */
  secret: string | undefined;
}

/** The Resend event types stored in delivery_events; others are acknowledged and ignored. */
export const recordedEventTypes = [
  'email.delivered',
  'email.bounced',
  'email.complained',
  'email.delivery_delayed',
  'email.failed',
] as const;

const ResendEventSchema = z
  .object({
    type: z.string().min(1),
    created_at: z.string().optional(),
    data: z
      .object({
        email_id: z.string().optional(),
        bounce: z.record(z.string(), z.unknown()).optional(),
        failed: z.record(z.string(), z.unknown()).optional(),
      })
      .loose(),
  })
  .loose()
  .meta({ description: 'A Resend webhook event (only the fields used here)' });

const WebhookAnswerSchema = z.object({
  received: z.literal(true),
  outcome: z.enum(['recorded', 'duplicate', 'unknown_message', 'ignored']),
});

/**
 * Resend's webhooks: POST /resend with a Svix signature. Mounted by the app at /api/webhooks; `getDeps`
 * supplies the database, clock and secret per request.
 */
export function createWebhooksRouter(getDeps: (c: Context<AppEnv>) => WebhookDeps) {
  return new Hono<AppEnv>().post(
    '/resend',
    describe({
      summary: 'Delivery reports from Resend',
      description:
        'Signed with Svix headers (svix-id, svix-timestamp, svix-signature). Delivered, bounced, complained, delayed and failed reports are stored against the outbox message they concern.',
      tags: ['webhooks'],
      responses: {
        200: { description: 'Accepted (also for event types and messages this server does not track)', schema: WebhookAnswerSchema },
        401: { description: 'Missing, stale or invalid signature' },
        503: { description: 'No webhook secret is configured' },
      },
    }),
    // The signature covers the raw body, so it is checked before anything parses the JSON.
    async (c, next) => {
      const { secret, clock } = getDeps(c);
      if (!secret) return problem(c, { code: 'service_unavailable', detail: 'webhook secret not configured' });
      const check = await verifyWebhookSignature(
        secret,
        {
          id: c.req.header('svix-id'),
          timestamp: c.req.header('svix-timestamp'),
          signature: c.req.header('svix-signature'),
          body: await c.req.text(),
        },
        clock.now(),
      );
      if (!check.ok) return problem(c, { code: 'unauthorized', detail: check.reason });
      await next();
    },
    validate('json', ResendEventSchema),
    async (c) => {
      const { db, clock } = getDeps(c);
      const event = c.req.valid('json');
      const emailId = event.data.email_id;
      if (!(recordedEventTypes as readonly string[]).includes(event.type) || !emailId) {
        return c.json({ received: true as const, outcome: 'ignored' as const });
      }
      const occurred = event.created_at ? Date.parse(event.created_at) : Number.NaN;
      const outcome = await recordDeliveryEvent(db, {
        // svix-id is the same on every redelivery of one event: it makes the insert idempotent.
        id: `svix:${c.req.header('svix-id')}`,
        providerMessageId: emailId,
        type: event.type,
        occurredAt: (Number.isNaN(occurred) ? clock.now() : new Date(occurred)).toISOString(),
        // Only the report itself; addresses and subjects are already in the outbox row.
        detail: {
          ...(event.data.bounce ? { bounce: event.data.bounce } : {}),
          ...(event.data.failed ? { failed: event.data.failed } : {}),
        },
      });
      return c.json({ received: true as const, outcome });
    },
  );
}
