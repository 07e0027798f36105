import { en } from './en.ts';
import { type Dictionary, sv } from './sv.ts';

export type Lang = 'sv' | 'en';
export type { Dictionary };

export const dictionaries: Record<Lang, Dictionary> = { sv, en };

/** The language of a path: English below /en, Swedish everywhere else. */
export const langFromPath = (pathname: string): Lang => (pathname === '/en' || pathname.startsWith('/en/') ? 'en' : 'sv');

/** A site path in a language: `localePath('en', '/')` → `/en/`. */
export const localePath = (lang: Lang, path: string): string => (lang === 'sv' ? path : `/en${path}`);

/** An event's own public page (its program), in Swedish; `localePath` puts it in another language. */
export const eventPath = (slug: string): string => `/evenemang/${slug}`;

/** The privacy notice of an event's organiser, or the site's list of notices when no event is known. */
export const privacyPath = (slug?: string): string => (slug ? `/integritet/${slug}` : '/integritet');

/** The same page in the other language. */
export function alternatePath(pathname: string): string {
  if (langFromPath(pathname) === 'en') return pathname.replace(/^\/en(?=\/|$)/, '') || '/';
  return `/en${pathname === '/' ? '/' : pathname}`;
}
