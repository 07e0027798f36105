/**
 * Configuration, validated once at start-up from the environment (process.env on Node, the Worker's
 * bindings and vars at the edge). A bad value stops the start with a message naming the variable.
 */
import { z } from 'zod';
import { isLocalHostname, mailboxOn } from './domain/mailbox.ts';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const ConfigSchema = z.object({
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  RESEND_API_KEY: optionalText,
  RESEND_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  RESEND_WEBHOOK_SECRET: optionalText,
  MAIL_FROM: z.string().trim().min(3).default('Mötesdagen <noreply@motesdagen.localhost>'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
});

export interface Config {
  /** Absolute base URL of the public site, without a trailing slash; links in emails start with it. */
  publicUrl: string;
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  resendWebhookSecret: string | undefined;
  mailFrom: string;
  environment: 'development' | 'production' | 'test';
  /** Form posts and API writes one client may make per minute before getting 429. */
  writesPerMinute: number;
}

export class ConfigError extends Error {}

/** Validates the environment; `fallbackUrl` is used when PUBLIC_URL is not set (e.g. http://localhost:4321). */
export function loadConfig(env: Record<string, unknown>, fallbackUrl: string): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  const publicUrl = (value.PUBLIC_URL ?? fallbackUrl).replace(/\/+$/, '');
  // The development mailbox shows every email, organisers' sign-in links included: it may only run on a
  // server that is itself only reachable from this machine.
  if (mailboxOn(value.RESEND_API_KEY, value.NODE_ENV) && !isLocalHostname(new URL(publicUrl).hostname)) {
    throw new ConfigError(
      `Invalid configuration:\n  PUBLIC_URL: ${publicUrl} is not a localhost address, but the development mailbox is on ` +
        '(RESEND_API_KEY is not set and NODE_ENV is not production), and it shows sign-in links. Set RESEND_API_KEY to send ' +
        'email, or NODE_ENV=production to keep email in the outbox unread, or serve on localhost.',
    );
  }
  return {
    publicUrl,
    resendApiKey: value.RESEND_API_KEY,
    resendBaseUrl: value.RESEND_BASE_URL,
    resendWebhookSecret: value.RESEND_WEBHOOK_SECRET,
    mailFrom: value.MAIL_FROM,
    environment: value.NODE_ENV,
    writesPerMinute: value.RATE_LIMIT_WRITES_PER_MINUTE,
  };
}
