/**
 * Comparing and deriving secrets with Web Crypto only (the same code runs on Node and in Workers).
 */

const encoder = new TextEncoder();

/** Compares two strings in time that depends only on their lengths (which are not secret here). */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let difference = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}

const toBase64Url = (bytes: Uint8Array) => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
};

async function hmac(key: string, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message))));
}

/**
 * The CSRF token of a session for one purpose: HMAC-SHA-256 keyed with the session's secret, so it needs no
 * storage, differs per session and cannot be derived by anyone who lacks the session cookie.
 */
export const csrfToken = (sessionToken: string, purpose = 'admin-form'): Promise<string> => hmac(sessionToken, `csrf:${purpose}`);

/** Checks a posted CSRF token against the session, in constant time. */
export async function verifyCsrfToken(sessionToken: string, posted: unknown, purpose = 'admin-form'): Promise<boolean> {
  if (typeof posted !== 'string' || posted === '') return false;
  return timingSafeEqual(await csrfToken(sessionToken, purpose), posted);
}
