/**
 * The inputs of the organisers' follow-up lists, shared by the admin pages (GET query parameters, so a
 * filtered view is a link) and the admin API. `lenient` variants fall back to defaults instead of failing,
 * for pages where a hand-edited URL should still show something.
 */
import { z } from 'zod';

export const PAGE_SIZE = 50;

const text = (max: number) => z.string().trim().max(max);

function listQuery(lenient: boolean) {
  const field = <T extends z.ZodType>(schema: T, fallback: z.output<T>) =>
    lenient ? schema.catch(fallback as never) : schema.default(fallback as never);
  return z.object({
    q: field(text(200), '').meta({ description: 'Search: company, organisation number, contact, attendee name or email' }),
    session: field(text(64), '').meta({ description: 'Only registrations with an attendee in this session (id)' }),
    industry: field(text(64), '').meta({ description: 'Only this industry (slug)' }),
    status: field(z.enum(['all', 'active', 'cancelled']), 'all'),
    visit: field(z.enum(['', 'yes', 'no']), '').meta({ description: 'Has an active visit request' }),
    sort: field(z.enum(['registered', 'company', 'attendees']), 'registered'),
    order: field(z.enum(['desc', 'asc']), 'desc'),
    page: field(z.coerce.number().int().min(1).max(100_000), 1),
  });
}

export const RegistrationListQuerySchema = listQuery(false);
export const RegistrationListQueryLenient = listQuery(true);
export type RegistrationListQuery = z.output<typeof RegistrationListQuerySchema>;

export const outboxFilters = ['all', 'problem', 'pending', 'sending', 'sent', 'failed'] as const;

function outboxQuery(lenient: boolean) {
  const field = <T extends z.ZodType>(schema: T, fallback: z.output<T>) =>
    lenient ? schema.catch(fallback as never) : schema.default(fallback as never);
  return z.object({
    status: field(z.enum(outboxFilters), 'all').meta({
      description: '`problem`: failed, bounced or complained (who did not receive their message)',
    }),
    q: field(text(200), '').meta({ description: 'Recipient address or subject contains' }),
    page: field(z.coerce.number().int().min(1).max(100_000), 1),
  });
}

export const OutboxQuerySchema = outboxQuery(false);
export const OutboxQueryLenient = outboxQuery(true);
export type OutboxQuery = z.output<typeof OutboxQuerySchema>;

/** Promote a waitlisted attendee; over capacity only with `raiseCapacity` (the session's capacity grows by what it takes). */
export const PromoteInputSchema = z.strictObject({
  sessionId: text(64).min(1),
  attendeeId: text(64).min(1),
  raiseCapacity: z.boolean().default(false),
});
export type PromoteInput = z.output<typeof PromoteInputSchema>;

/** Turns URLSearchParams into a plain object for the schemas above (repeated keys: the first wins). */
export const paramsObject = (params: URLSearchParams): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in out)) out[key] = value;
  return out;
};

/** Case variants of a search text: SQLite's LIKE folds only ASCII, so "åbro" must also try "Åbro". */
export function searchVariants(q: string): string[] {
  const lower = q.toLowerCase();
  const capital = lower.charAt(0).toUpperCase() + lower.slice(1);
  const words = lower.replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
  return [...new Set([q, lower, capital, words, q.toUpperCase()])].slice(0, 5);
}

/** A LIKE pattern matching `text` anywhere, with the pattern's own wildcards escaped (ESCAPE '\'). */
export const containsPattern = (value: string) => `%${value.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
