import type { Context } from 'hono';

/** The language for messages in an API answer: Swedish when the client prefers it, else English. */
export function apiLanguage(c: Context): 'sv' | 'en' {
  const header = c.req.header('accept-language')?.trim().toLowerCase() ?? '';
  return header.startsWith('sv') ? 'sv' : 'en';
}
