/**
 * Swedish organisationsnummer: ten digits, written NNNNNN-NNNN, the last a Luhn check digit over the
 * first nine. Sole traders use their personnummer, which follows the same rule and is often written with
 * its century (YYYYMMDD-NNNN); companies' numbers are sometimes written with the prefix 16 (16NNNNNN-NNNN).
 * Both twelve-digit forms are stored as the ten digits they stand for, so one company has one number.
 */

/** The twelve-digit forms' first two digits: 16 before an organisation's number, a century before a personnummer. */
const TWELVE_DIGIT_PREFIXES = new Set(['16', '18', '19', '20']);

/**
 * Ten digits from `NNNNNN-NNNN`, `NNNNNNNNNN`, `YYYYMMDD-NNNN`, `16NNNNNN-NNNN` or either twelve-digit form
 * without the hyphen (surrounding spaces allowed), or null for any other shape.
 */
export function parseOrgNumber(input: string): string | null {
  const match = /^\s*(\d{2})?(\d{6})-?(\d{4})\s*$/.exec(input);
  if (!match) return null;
  const [, prefix, first, last] = match;
  if (prefix !== undefined && !TWELVE_DIGIT_PREFIXES.has(prefix)) return null;
  return `${first}${last}`;
}

/** The Luhn check over ten digits. */
export function hasValidCheckDigit(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let value = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  return sum % 10 === 0;
}

/** `5566778899` → `556677-8899` */
export const formatOrgNumber = (digits: string): string => `${digits.slice(0, 6)}-${digits.slice(6)}`;
