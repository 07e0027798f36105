/**
 * Private links in stored email. A message waits in the outbox (and, once sent, stays there until erasure or
 * retention), so a manage, sign-in or host link written into it in clear would be a working key to anyone with a
 * copy of the database. Instead, where an email's link carries its secret token, the stored message carries the
 * token sealed (AES-GCM) under a key derived from LINK_SECRET, which never enters the database; the sender opens
 * it as the message goes out, and the development mailbox opens it to show what is sent. Everything else in the
 * message is rendered once, before the batch, exactly as it is sent. See
 * docs/decisions/0010-company-per-registration-and-links-at-send-time.md.
 */
import { openSealed, sealSecret } from '../domain/ids.ts';

/**
 * The sealed form of a token inside a message: `~sealed~<iv>.<ciphertext>~`. Tildes and base64url pass HTML escaping
 * and the templates' URL check unchanged, so the sealed form sits exactly where the token goes.
 */
const SEALED = /~sealed~([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)~/g;

/** What organisers see in place of a private link's token (the outbox pages): the link is the recipient's alone. */
export const PRIVATE_LINK_MARK = '…';

/** The sealing key is LINK_SECRET's own: a purpose prefix keeps it apart from any other use of that secret. */
const passphraseOf = (linkSecret: string) => `private-link:${linkSecret}`;

export interface PrivateLinks {
  /** A token as a stored email carries it. */
  seal(token: string): Promise<string>;
  /** A stored message's text as it is sent: every sealed token opened. Throws when one cannot be opened. */
  open(text: string): Promise<string>;
}

export function createPrivateLinks(linkSecret: string): PrivateLinks {
  const passphrase = passphraseOf(linkSecret);
  return {
    seal: async (token) => `~sealed~${await sealSecret(token, passphrase)}~`,
    async open(text) {
      const sealed = [...new Set(Array.from(text.matchAll(SEALED), (m) => m[1] as string))];
      if (!sealed.length) return text;
      const opened = new Map<string, string>();
      for (const value of sealed) {
        const token = await openSealed(value, passphrase);
        // A message sealed under another LINK_SECRET: its link could not work anyway, and a placeholder must not go out.
        if (token === undefined) throw new Error('a private link in the message cannot be opened with this LINK_SECRET');
        opened.set(value, token);
      }
      return text.replace(SEALED, (_, value: string) => opened.get(value) as string);
    },
  };
}

/** A stored message's text for organisers' eyes: private links show their address, not their token. */
export const withoutPrivateLinks = (text: string) => text.replace(SEALED, PRIVATE_LINK_MARK);

/** Whether a stored text carries a sealed link. */
export const hasSealedLinks = (text: string) => new RegExp(SEALED.source).test(text);
