/** Identifiers and secrets, built on Web Crypto so the same code runs on Node and in Workers. */

/** A random UUID for a new row; created by the application so one batch can insert parent and children. */
export const newId = (): string => crypto.randomUUID();

/** A URL-safe secret with 256 bits of randomness (manage links, feeds, login links, API tokens). */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** SHA-256 of a secret as lowercase hex: the only form in which secrets are stored. */
export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const encoder = new TextEncoder();
const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
const fromBase64Url = (text: string) => Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));

async function sealingKey(passphrase: string): Promise<CryptoKey> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`seal:${passphrase}`));
  return crypto.subtle.importKey('raw', digest, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/**
 * Encrypts a secret with a key derived from `passphrase` (AES-GCM). Used to keep a manage token
 * recoverable only by whoever presents the same Idempotency-Key again, while the database holds neither
 * the token nor the key (only the key's hash), so a replayed form can still show its confirmation.
 */
export async function sealSecret(secret: string, passphrase: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await sealingKey(passphrase), encoder.encode(secret)));
  return `${toBase64Url(iv)}.${toBase64Url(sealed)}`;
}

/** Opens what sealSecret sealed; undefined when the passphrase is wrong or the text was altered. */
export async function openSealed(sealed: string, passphrase: string): Promise<string | undefined> {
  const [iv, body] = sealed.split('.');
  if (!iv || !body) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(iv) },
      await sealingKey(passphrase),
      fromBase64Url(body),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}
