/**
 * Email delivery as the runtimes run it: with RESEND_API_KEY the outbox is drained through Resend;
 * without it, messages stay in the outbox (the development mailbox shows them). One drain runs at a time
 * per process; concurrent drains elsewhere (other processes, other isolates) are safe by the sender's
 * claims and leases.
 */
import type { Deps } from '../deps.ts';
import { createPrivateLinks } from '../mail/private-links.ts';
import { createResendTransport } from '../mail/resend-transport.ts';
import { type DrainOptions, type DrainResult, drainOutbox } from '../mail/sender.ts';

export function createDelivery(deps: Deps) {
  const { config } = deps;
  const transport = config.resendApiKey ? createResendTransport({ apiKey: config.resendApiKey, baseUrl: config.resendBaseUrl }) : undefined;
  const privateLinks = createPrivateLinks(config.linkSecret);
  let running: Promise<DrainResult> | undefined;
  return {
    enabled: transport !== undefined,
    /**
     * Sends what is due (at most 50 messages, and none claimed after `deadline`); resolves when this round is
     * done. A call during a round joins that round.
     */
    drain(options: Pick<DrainOptions, 'deadline'> = {}): Promise<DrainResult | undefined> {
      if (!transport) return Promise.resolve(undefined);
      const round = () => drainOutbox(deps, transport, { from: config.mailFrom, privateLinks, ...options });
      // Where requests must not wait on each other (Workers), every call drains on its own; the sender's
      // claims keep concurrent drains from sending a message twice.
      if (deps.shareWorkAcrossRequests === false) return round();
      running ??= round().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
