/**
 * The Resend transport through Resend's own SDK. The SDK answers `{ error }` instead of throwing; network
 * failures and timeouts come back as errors without a status code.
 */
import { Resend } from 'resend';
import { calendarContentType, type MailTransport } from './transport.ts';

export interface ResendTransportOptions {
  apiKey: string;
  /** E.g. a fake Resend in tests; when absent the SDK uses RESEND_BASE_URL or its default. */
  baseUrl?: string;
  /** A request taking longer is abandoned and counted as retryable. Default 15 s. */
  timeoutMs?: number;
}

interface ResendError {
  name: string;
  statusCode: number | null;
  message: string;
}

// Error names that say "later may work" whatever the status code (Resend's RESEND_ERROR_CODE_KEY).
const retryableNames = new Set(['rate_limit_exceeded', 'daily_quota_exceeded', 'concurrent_idempotent_requests', 'internal_server_error']);

/** Whether retrying can help: no answer at all (network, timeout), 429, 5xx, or a transient error name. */
export function isRetryableResendError(error: ResendError): boolean {
  if (error.statusCode === null || error.statusCode === undefined) return true;
  if (error.statusCode === 429 || error.statusCode >= 500) return true;
  return retryableNames.has(error.name);
}

export function createResendTransport(options: ResendTransportOptions): MailTransport {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : undefined);
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async send(message) {
      try {
        const { data, error } = await resend.emails.send(
          {
            from: message.from,
            to: [message.to],
            subject: message.subject,
            html: message.html,
            text: message.text,
            ...(message.calendar
              ? {
                  attachments: [
                    {
                      filename: 'invite.ics',
                      // Bytes, so the SDK base64-encodes them; a string would be taken as base64 already.
                      content: new TextEncoder().encode(message.calendar.ics),
                      contentType: calendarContentType(message.calendar.method),
                    },
                  ],
                }
              : {}),
          },
          { idempotencyKey: message.idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
        );
        if (error) {
          return {
            ok: false,
            retryable: isRetryableResendError(error),
            reason: `${error.name} (${error.statusCode ?? 'no response'}): ${error.message}`,
          };
        }
        if (!data?.id) return { ok: false, retryable: true, reason: 'Resend answered without an email id' };
        return { ok: true, providerId: data.id };
      } catch (error) {
        // The SDK catches fetch failures itself; anything that still escapes is treated as transient.
        return { ok: false, retryable: true, reason: `transport error: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  };
}
