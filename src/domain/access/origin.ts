/**
 * Same-origin checks for state-changing browser requests (the second CSRF defence next to the token).
 * Browsers send `Sec-Fetch-Site` and `Origin` on every POST; a request with neither is not from a browser
 * page, so it cannot be a cross-site forgery — unless the caller requires the evidence (cookie-authenticated
 * API writes, which have no CSRF token).
 */

export interface HeaderSource {
  get(name: string): string | null | undefined;
}

/**
 * True when the request comes from one of `allowedOrigins` (e.g. the public URL and the URL the request was
 * made to). `requireEvidence`: refuse requests that carry neither header.
 */
export function isSameOriginRequest(headers: HeaderSource, allowedOrigins: readonly string[], options: { requireEvidence?: boolean } = {}) {
  const fetchSite = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  // `null` is what browsers send as Origin from sandboxed frames, and on pages with Referrer-Policy
  // no-referrer (the sign-in link page): it proves nothing either way, so Sec-Fetch-Site decides.
  const knownOrigin = origin && origin !== 'null' ? origin : undefined;
  if (knownOrigin && !allowedOrigins.includes(knownOrigin)) return false;
  if (fetchSite) return fetchSite === 'same-origin';
  if (knownOrigin) return true;
  if (origin === 'null') return false;
  return !options.requireEvidence;
}

/** The origins a request may come from: the configured public URL's and the request URL's. */
export function allowedOrigins(publicUrl: string, requestUrl: string): string[] {
  const origins = new Set<string>();
  for (const url of [publicUrl, requestUrl]) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // not a URL: contributes nothing
    }
  }
  return [...origins];
}
