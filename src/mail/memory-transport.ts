/**
 * A transport that keeps messages in memory: for development without a provider, and for tests.
 */
import type { MailMessage, MailTransport } from './transport.ts';

export interface MemoryTransport extends MailTransport {
  /** Every accepted message, in order; a repeated idempotency key is accepted once. */
  readonly messages: MailMessage[];
}

export function createMemoryTransport(): MemoryTransport {
  const messages: MailMessage[] = [];
  const ids = new Map<string, string>();
  return {
    messages,
    async send(message) {
      let providerId = ids.get(message.idempotencyKey);
      if (!providerId) {
        providerId = `memory-${crypto.randomUUID()}`;
        ids.set(message.idempotencyKey, providerId);
        messages.push(message);
      }
      return { ok: true, providerId };
    },
  };
}
