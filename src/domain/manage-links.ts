/**
 * A company's private manage link. Its token is derived, not random: HMAC-SHA-256 under the server's link secret
 * of the registration's id and the link's generation. The database still holds only the token's SHA-256 (a copy of
 * the data gives no working link), yet the server can put the current link in any email it sends later — a
 * confirmed visit, a place from the waiting list, a change made on the company's behalf — without issuing a new
 * link and retiring the one the company has. Asking for a new link raises the generation, which retires the old.
 * See docs/decisions/0003-derived-manage-links.md.
 */
import type { CompiledQuery } from 'kysely';
import { compiler } from '../../db/compiler.ts';
import { createPrivateLinks } from '../mail/private-links.ts';
import type { Lang } from './field-errors.ts';
import { hashSecret } from './ids.ts';

const encoder = new TextEncoder();

/** Registrations made before links were derived (generation -1) have only a random token nobody can re-derive. */
export const LEGACY_GENERATION = -1;

export interface ManageLinks {
  /** The token for a registration's link of this generation. */
  token(registrationId: string, generation: number): Promise<string>;
  /** Its SHA-256, as stored. */
  tokenHash(registrationId: string, generation: number): Promise<string>;
  /**
   * The page a company's email should point to, as the stored email carries it: its manage page with the token
   * sealed (src/mail/private-links.ts), or where to ask for a link (legacy rows).
   */
  emailUrlOf(registration: { id: string; generation: number; language: Lang }): Promise<string>;
  /** The manage page of a token in hand, as the stored email carries it: the token sealed. */
  emailUrl(token: string, lang: Lang): Promise<string>;
  /** The manage page of a token in hand, in clear (the answer to the company's own request). */
  urlForToken(token: string, lang: Lang): string;
}

/**
 * HMAC-SHA-256 under the link secret, base64url: every link the server derives instead of storing (manage links here,
 * confirmation links in src/domain/confirmation.ts) goes through it, each with its own message prefix.
 */
export function createLinkMac(linkSecret: string): (message: string) => Promise<string> {
  let key: Promise<CryptoKey> | undefined;
  return async (message) => {
    key ??= crypto.subtle.importKey('raw', encoder.encode(linkSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(message)));
    return btoa(String.fromCharCode(...mac))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '');
  };
}

export function createManageLinks(config: { publicUrl: string; linkSecret: string }): ManageLinks {
  const mac = createLinkMac(config.linkSecret);
  const prefix = (lang: Lang) => `${config.publicUrl}${lang === 'en' ? '/en' : ''}`;
  const token = (registrationId: string, generation: number) => mac(`manage:${registrationId}:${generation}`);
  const urlForToken = (value: string, lang: Lang) => `${prefix(lang)}/hantera/${value}`;
  const privateLinks = createPrivateLinks(config.linkSecret);
  const emailUrl = async (value: string, lang: Lang) => urlForToken(await privateLinks.seal(value), lang);
  return {
    token,
    tokenHash: async (registrationId, generation) => hashSecret(await token(registrationId, generation)),
    urlForToken,
    emailUrl,
    async emailUrlOf({ id, generation, language }) {
      if (generation === LEGACY_GENERATION) return `${prefix(language)}/`;
      return emailUrl(await token(id, generation), language);
    },
  };
}

/**
 * A registration's current manage token, and the statements that make it current when the registration still has
 * a legacy random token: that link then stops working, having never been derivable into an email anyway.
 */
export async function currentManageLink(
  links: ManageLinks,
  registrationId: string,
  generation: number,
): Promise<{ token: string; statements: CompiledQuery[] }> {
  if (generation !== LEGACY_GENERATION) return { token: await links.token(registrationId, generation), statements: [] };
  const token = await links.token(registrationId, 0);
  const statements = [
    compiler
      .updateTable('registrations')
      .set({ manage_token_hash: await hashSecret(token), manage_token_generation: 0 })
      .where('id', '=', registrationId)
      .compile(),
  ];
  return { token, statements };
}
