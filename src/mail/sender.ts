/**
 * Delivers the outbox. Rows are claimed one at a time with a conditional UPDATE (D1 has no interactive
 * transactions), so two senders never hold the same row; a claim is a lease, and a row whose lease ran out
 * (its sender crashed) is claimed again. The outbox id is the provider's idempotency key, so a message that
 * was sent just before a crash is not sent twice.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, OutboxRow } from '../../db/schema.ts';
import type { Clock } from '../deps.ts';
import { hasSealedLinks, type PrivateLinks } from './private-links.ts';
import { heldBackUntil, type SendingCaps } from './sending-caps.ts';
import type { MailTransport } from './transport.ts';

export interface SenderDeps {
  db: Kysely<Database>;
  clock: Clock;
}

export interface DrainOptions {
  /** The From header, e.g. `Mötesdagen <noreply@example.se>`. */
  from: string;
  /**
   * Opens the private links sealed in stored messages (src/mail/private-links.ts). Without it, a message that
   * carries one fails rather than go out with a link that does not work.
   */
  privateLinks?: PrivateLinks;
  /** At most this many messages are attempted in one call. Default 50. */
  batchSize?: number;
  /** How long a claim holds before another sender may take the row over. Default 120 s; keep it above the transport's timeout. */
  leaseMs?: number;
  /** Attempts before a retryable failure becomes final. Default 8. */
  maxAttempts?: number;
  /** First retry delay; doubled per attempt. Default 30 s. */
  baseBackoffMs?: number;
  /** Longest retry delay. Default 1 h. */
  maxBackoffMs?: number;
  /** Source of jitter in [0, 1). Default Math.random. */
  random?: () => number;
  /** No new row is claimed once the clock passes this instant (epoch ms): bounds a scheduled run in time. */
  deadline?: number;
  /** Messages per address and per event an hour (src/mail/sending-caps.ts); default the product's caps. */
  caps?: SendingCaps;
}

export interface DrainResult {
  sent: number;
  failed: number;
  retried: number;
}

type Outbox = ExpressionBuilder<Database, 'outbox'>;

/**
 * Due: pending, not held for its registration's confirmation, and its time has come; or claimed by a sender whose
 * lease has run out.
 */
const due = (now: string) => (eb: Outbox) =>
  eb.or([
    eb.and([eb('status', '=', 'pending'), eb('held', '=', 0), eb('next_attempt_at', '<=', now)]),
    eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
  ]);

/** Exponential backoff with "equal jitter": half the delay fixed, half random, so retries spread out. */
export function backoffMs(attempt: number, base: number, max: number, random: () => number): number {
  const delay = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay / 2 + (delay / 2) * random());
}

/** Sends due outbox rows; returns what happened to the rows this call attempted. */
export async function drainOutbox(deps: SenderDeps, transport: MailTransport, options: DrainOptions): Promise<DrainResult> {
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseBackoff = options.baseBackoffMs ?? 30_000;
  const maxBackoff = options.maxBackoffMs ?? 3_600_000;
  const random = options.random ?? Math.random;
  const result: DrainResult = { sent: 0, failed: 0, retried: 0 };
  let attempted = 0;

  const pastDeadline = () => options.deadline !== undefined && deps.clock.now().getTime() >= options.deadline;

  while (attempted < batchSize && !pastDeadline()) {
    const now = deps.clock.now().toISOString();
    const candidates = await deps.db
      .selectFrom('outbox')
      .selectAll()
      .where(due(now))
      .orderBy('next_attempt_at')
      .limit(batchSize - attempted)
      .execute();
    if (!candidates.length) break;

    for (const candidate of candidates) {
      if (attempted >= batchSize || pastDeadline()) break;
      const later = await heldBackUntil(deps.db, candidate, deps.clock.now(), options.caps);
      if (later) {
        // Over a sending cap: the row waits in the outbox and goes when the cap's window allows, never dropped.
        await deps.db
          .updateTable('outbox')
          .set({ status: 'pending', next_attempt_at: later, lease_until: null })
          .where('id', '=', candidate.id)
          .where(due(deps.clock.now().toISOString()))
          .execute();
        continue;
      }
      const claimed = await claim(deps, candidate, leaseMs);
      if (!claimed) continue; // another sender took it
      attempted++;
      const outcome = await deliver(deps, transport, options, claimed, { maxAttempts, baseBackoff, maxBackoff, random });
      result[outcome]++;
    }
  }
  return result;
}

async function claim(deps: SenderDeps, row: OutboxRow, leaseMs: number): Promise<OutboxRow | undefined> {
  const now = deps.clock.now();
  const nowText = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  const update = await deps.db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sending', lease_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', row.id)
    .where(due(nowText))
    .executeTakeFirst();
  if (Number(update.numUpdatedRows) !== 1) return undefined;
  return { ...row, status: 'sending', lease_until: leaseUntil, attempts: row.attempts + 1 };
}

interface RetryPolicy {
  maxAttempts: number;
  baseBackoff: number;
  maxBackoff: number;
  random: () => number;
}

/** The bodies as they are sent: private links opened, or undefined when they cannot be. */
async function openedBodies(row: OutboxRow, privateLinks: PrivateLinks | undefined): Promise<{ html: string; text: string } | undefined> {
  if (!privateLinks) return hasSealedLinks(row.html) || hasSealedLinks(row.text) ? undefined : { html: row.html, text: row.text };
  try {
    return { html: await privateLinks.open(row.html), text: await privateLinks.open(row.text) };
  } catch {
    return undefined;
  }
}

async function deliver(
  deps: SenderDeps,
  transport: MailTransport,
  options: Pick<DrainOptions, 'from' | 'privateLinks'>,
  row: OutboxRow,
  policy: RetryPolicy,
): Promise<keyof DrainResult> {
  const bodies = await openedBodies(row, options.privateLinks);
  const outcome = bodies
    ? await transport
        .send({
          idempotencyKey: row.id,
          from: options.from,
          to: row.to_address,
          subject: row.subject,
          html: bodies.html,
          text: bodies.text,
          ...(row.ics && row.ics_method ? { calendar: { ics: row.ics, method: row.ics_method } } : {}),
        })
        .catch((error: unknown) => ({
          ok: false as const,
          retryable: true,
          reason: `transport threw: ${error instanceof Error ? error.message : String(error)}`,
        }))
    : { ok: false as const, retryable: false, reason: 'a private link in the message cannot be opened with this LINK_SECRET' };

  const now = deps.clock.now();
  // Only the holder of this very lease may settle the row: a sender that lost its lease leaves it alone.
  const mine = deps.db
    .updateTable('outbox')
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('lease_until', '=', row.lease_until);

  if (outcome.ok) {
    await mine
      .set({ status: 'sent', provider_message_id: outcome.providerId, sent_at: now.toISOString(), lease_until: null, last_error: null })
      .execute();
    return 'sent';
  }
  const reason = outcome.reason.slice(0, 1000);
  if (!outcome.retryable || row.attempts >= policy.maxAttempts) {
    await mine.set({ status: 'failed', last_error: reason, lease_until: null }).execute();
    return 'failed';
  }
  const next = new Date(now.getTime() + backoffMs(row.attempts, policy.baseBackoff, policy.maxBackoff, policy.random));
  await mine.set({ status: 'pending', next_attempt_at: next.toISOString(), last_error: reason, lease_until: null }).execute();
  return 'retried';
}
