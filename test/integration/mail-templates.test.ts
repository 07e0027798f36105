import { describe, expect, it } from 'vitest';
import { type EmailInput, emailKinds, renderEmail } from '../../emails/index.ts';
import { sampleEmails } from '../../emails/samples.ts';

const hostile = '<img src=x onerror="window.__pwned=1">{{contact.name}} & "citat" \'apostrof\' åäöÅÄÖ';
// Fields that are not free text: left as they are.
const structural = new Set([
  'lang',
  'kind',
  'audience',
  'timeZone',
  'startsAt',
  'endsAt',
  'status',
  'waitlistPosition',
  'participants',
  'validMinutes',
]);

/** Every free-text field replaced by hostile text, every link by a javascript: URL. */
function poison<T>(value: T, key = ''): T {
  if (typeof value === 'string') {
    if (structural.has(key)) return value;
    if (/url$/i.test(key)) return 'javascript:alert(1)' as T;
    return hostile as T;
  }
  if (Array.isArray(value)) return value.map((item) => poison(item, key)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k)])) as T;
  return value;
}

const samples = sampleEmails();
const label = (input: EmailInput) => `${input.kind}${'audience' in input ? `-${input.audience}` : ''}-${input.lang}`;

describe('email templates', () => {
  it('have a Swedish and an English sample for every kind', () => {
    for (const lang of ['sv', 'en'] as const) {
      expect(new Set(samples.filter((s) => s.lang === lang).map((s) => s.kind))).toEqual(new Set(emailKinds));
    }
  });

  it.each(samples.map((input) => [label(input), input] as const))(
    '%s renders subject, HTML and text in the shared layout',
    (_name, input) => {
      const email = renderEmail(input);
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.html).toMatch(/^<!DOCTYPE html>/);
      expect(email.html).toContain(`<html lang="${input.lang}"`);
      for (const body of [email.html, email.text]) {
        expect(body).toContain('Stora Mötesdagen 2027');
        expect(body).toContain('naringsliv@nykoping.se');
      }
      // Inline CSS only, nothing fetched from elsewhere.
      expect(email.html).not.toMatch(/<style|<link|<script|<img|\bsrc=|url\(|class=/i);
      expect(email.text).not.toMatch(/<[a-z]/i);
      expect(email.text).toMatch(input.lang === 'sv' ? /Du får det här mejlet eftersom/ : /You are receiving this email because/);
    },
  );

  it('formats dates and times in the event zone, Swedish style', () => {
    const sv = renderEmail(samples.find((s) => s.kind === 'session_invite' && s.lang === 'sv')!);
    expect(sv.text).toContain('torsdag 21 januari 2027, 08:45–10:00');
    expect(sv.subject).toBe('Inbjudan: Dialog: Bygglov och detaljplaner, torsdag 21 januari 2027, 08:45–10:00');
    const en = renderEmail(samples.find((s) => s.kind === 'session_invite' && s.lang === 'en')!);
    expect(en.text).toMatch(/Thursday,? 21 January 2027, 08:45–10:00/);
    const helsinki = renderEmail({
      ...samples.find((s) => s.kind === 'session_invite' && s.lang === 'sv')!,
      event: { ...samples[0]!.event, timeZone: 'Europe/Helsinki' },
    });
    expect(helsinki.text).toContain('09:45–11:00');
  });

  it('shows waiting-list positions and the visit request note only when they apply', () => {
    const confirmed = renderEmail(samples.find((s) => s.kind === 'registration_confirmed' && s.lang === 'sv')!);
    expect(confirmed.text).toContain('väntelista, plats 2');
    expect(confirmed.text).toContain('önskat ett företagsbesök');
    const changed = renderEmail(samples.find((s) => s.kind === 'registration_changed' && s.lang === 'sv')!);
    expect(changed.text).not.toContain('väntelista');
    expect(changed.text).not.toContain('företagsbesök');
  });

  it.each(samples.map((input) => [label(input), input] as const))(
    '%s escapes every value in HTML and keeps it intact in text',
    (_name, input) => {
      const email = renderEmail(poison(input));
      expect(email.html).not.toContain('<img');
      expect(email.html).not.toMatch(/href="javascript:/i);
      expect(email.html).toContain(
        '&#60;img src=x onerror=&#34;window.__pwned=1&#34;&#62;{{contact.name}} &#38; &#34;citat&#34; &#39;apostrof&#39; åäöÅÄÖ',
      );
      expect(email.text).toContain(hostile);
      expect(email.subject).not.toMatch(/[\r\n]/);
    },
  );

  it('keeps line breaks out of subjects', () => {
    const input = samples.find((s) => s.kind === 'manage_link_resent')!;
    const email = renderEmail({ ...input, companyName: 'Evil AB\r\nBcc: victim@example.se' } as EmailInput);
    expect(email.subject).toBe('Evil AB Bcc: victim@example.se är redan anmält till Stora Mötesdagen 2027');
  });
});
