/**
 * Configuration, validated once at start-up from the environment (process.env on Node, the Worker's
 * bindings and vars at the edge). A bad value stops the start with a message naming the variable.
 */
import { z } from 'zod';
import { parseTrustedProxies } from './api/client-address.ts';
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
  // Required: the Node process supplies one kept beside the database when the variable is unset (node.ts).
  LINK_SECRET: z
    .string({ error: 'required (a random text of at least 32 characters; at the edge: wrangler secret put LINK_SECRET)' })
    .trim()
    .min(32, 'must be at least 32 characters'),
  RATE_LIMIT_SIGNED_IN_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_WEBHOOKS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  SIGN_IN_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${(error as Error).message}; give addresses or ranges separated by commas` });
        return z.NEVER;
      }
    }),
});

export interface Config {
  /** Absolute base URL of the public site, without a trailing slash; links in emails start with it. */
  publicUrl: string;
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  resendWebhookSecret: string | undefined;
  mailFrom: string;
  environment: 'development' | 'production' | 'test';
  /** Form posts and API writes one client may make per minute before getting 429 (public pages and API). */
  writesPerMinute: number;
  /** Key that derives companies' manage links (src/domain/manage-links.ts); never stored in the database. */
  linkSecret: string;
  /** The same for organisers' pages and API (/admin, /api/admin), counted apart. */
  signedInWritesPerMinute: number;
  /** The same for delivery webhooks, counted apart. */
  webhooksPerMinute: number;
  /** One sign-in link request per client address, and one new link per email address, per this many seconds. */
  signInCooldownSeconds: number;
  /** Reverse proxies whose X-Forwarded-For names the client (see src/api/client-address.ts). */
  trustedProxies: ReturnType<typeof parseTrustedProxies>;
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
    linkSecret: value.LINK_SECRET,
    signedInWritesPerMinute: value.RATE_LIMIT_SIGNED_IN_WRITES_PER_MINUTE,
    webhooksPerMinute: value.RATE_LIMIT_WEBHOOKS_PER_MINUTE,
    signInCooldownSeconds: value.SIGN_IN_COOLDOWN_SECONDS,
    trustedProxies: value.TRUSTED_PROXIES,
  };
}
