/**
 * A stored email carries its private link sealed; opened at send time it is byte for byte the email rendered with the
 * link in clear, for every template in both languages. The stored text holds no token, and organisers see the
 * address without it.
 */
import { describe, expect, it } from 'vitest';
import { type EmailInput, renderEmail } from '../../emails/index.ts';
import { sampleEmails } from '../../emails/samples.ts';
import { newSecret } from '../domain/ids.ts';
import { createPrivateLinks, PRIVATE_LINK_MARK, withoutPrivateLinks } from './private-links.ts';

const urlFields = ['manageUrl', 'loginUrl', 'hostUrl', 'confirmUrl'] as const;
const linkSecret = 'a link secret of at least thirty-two characters';

describe('private links in stored email', () => {
  const links = createPrivateLinks(linkSecret);
  const withLinks = sampleEmails().filter((input) => urlFields.some((field) => field in input));

  it('covers every template that carries a private link', () => {
    expect(new Set(withLinks.map((input) => input.kind))).toEqual(
      new Set([
        'registration_confirm_request',
        'registration_confirmed',
        'registration_changed',
        'waitlist_promoted',
        'manage_link_resent',
        'visit_request_received',
        'visit_confirmed',
        'reminder',
        'organiser_login',
        'host_invitation',
      ]),
    );
  });

  it.each(withLinks.map((input) => [`${input.kind} (${input.lang})`, input] as const))(
    '%s: sealed, then opened, is the email rendered with the link in clear',
    async (_name, input) => {
      const token = newSecret();
      const field = urlFields.find((f) => f in input) as (typeof urlFields)[number];
      const base = (input as unknown as Record<string, string>)[field] as string;
      const prefix = base.slice(0, base.lastIndexOf('/') + 1);
      const inClear = renderEmail({ ...input, [field]: `${prefix}${token}` } as EmailInput);
      const stored = renderEmail({ ...input, [field]: `${prefix}${await links.seal(token)}` } as EmailInput);

      for (const part of ['html', 'text'] as const) {
        expect(stored[part]).not.toContain(token);
        expect(await links.open(stored[part])).toBe(inClear[part]);
        expect(withoutPrivateLinks(stored[part])).toContain(`${prefix}${PRIVATE_LINK_MARK}`);
      }
      expect(stored.subject).toBe(inClear.subject);
    },
  );

  it('refuses to open a link sealed under another LINK_SECRET, and leaves text without links as it is', async () => {
    const other = createPrivateLinks('another secret of at least thirty-two characters');
    const sealed = `https://x.example/hantera/${await other.seal(newSecret())}`;
    await expect(links.open(sealed)).rejects.toThrow(/LINK_SECRET/);
    expect(await links.open('no link here ~ at all ~')).toBe('no link here ~ at all ~');
  });
});
