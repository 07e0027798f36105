/**
 * Verification of Resend's webhook signatures (Svix / Standard Webhooks): HMAC-SHA256 over
 * `${id}.${timestamp}.${body}` with the base64 key after `whsec_`, sent as `v1,<base64>` entries in
 * svix-signature. Web Crypto only, so it runs in Workers as well as on Node.
 */

export interface SignedRequest {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  /** The raw body, exactly as received. */
  body: string;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing_headers' | 'bad_secret' | 'stale_timestamp' | 'bad_signature' };

/** Svix's own tolerance: five minutes either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

function decodeBase64(value: string): Uint8Array | undefined {
  try {
    const binary = atob(value);
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Checks the signature headers of one webhook request against the endpoint's `whsec_…` secret. */
export async function verifyWebhookSignature(secret: string, request: SignedRequest, now: Date): Promise<SignatureCheck> {
  const { id, timestamp, signature, body } = request;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  const keyBytes = decodeBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  if (!keyBytes?.length) return { ok: false, reason: 'bad_secret' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'stale_timestamp' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'stale_timestamp' };

  const key = await crypto.subtle.importKey('raw', keyBytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  // Several signatures may be listed while a secret is rotated; any valid v1 one will do.
  for (const entry of signature.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const candidate = decodeBase64(value);
    // subtle.verify compares in constant time.
    if (candidate && (await crypto.subtle.verify('HMAC', key, candidate as Uint8Array<ArrayBuffer>, signed))) return { ok: true };
  }
  return { ok: false, reason: 'bad_signature' };
}

/** Signs a body the way Svix does; for tests and local tools that play Resend. */
export async function signWebhook(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const keyBytes = decodeBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  if (!keyBytes) throw new Error('secret is not base64');
  const key = await crypto.subtle.importKey('raw', keyBytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`)));
  return `v1,${btoa(String.fromCharCode(...mac))}`;
}
