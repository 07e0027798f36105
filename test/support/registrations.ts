/** Building valid registration bodies for tests: distinct companies with valid organisation numbers. */
import { hasValidCheckDigit } from '../../src/domain/org-number.ts';

/** The n-th valid organisation number in a test range (5590000000 upwards), formatted NNNNNN-NNNN. */
export function orgNumber(n: number): string {
  const nine = String(559000000 + n).padStart(9, '0');
  for (let digit = 0; digit < 10; digit++) {
    if (hasValidCheckDigit(`${nine}${digit}`)) return `${nine.slice(0, 6)}-${nine.slice(6)}${digit}`;
  }
  throw new Error('unreachable: one check digit always fits');
}

export function registrationBody(
  n: number,
  attendees: { name?: string; email?: string; sessionIds: string[] }[],
  extra: Record<string, unknown> = {},
) {
  return {
    company: {
      orgNumber: orgNumber(n),
      name: `Testföretag ${n} AB`,
      industry: 'bygg',
      address: { street: `Industrivägen ${n}`, postalCode: '611 30', city: 'Norrvik' },
    },
    contact: { name: `Kontakt ${n}`, email: `kontakt${n}@foretag${n}.se`, phone: '070-123 45 67' },
    attendees: attendees.map((a, i) => ({
      name: a.name ?? `Deltagare ${n}-${i}`,
      email: a.email ?? `deltagare${i}@foretag${n}.se`,
      sessionIds: a.sessionIds,
    })),
    consent: true,
    language: 'sv',
    ...extra,
  };
}
