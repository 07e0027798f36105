/**
 * Swedish organisationsnummer: ten digits, written NNNNNN-NNNN, the last a Luhn check digit over the
 * first nine. Sole traders use their personnummer, which follows the same rule.
 */

/** Ten digits from `NNNNNN-NNNN` or `NNNNNNNNNN` (surrounding spaces allowed), or null for any other shape. */
export function parseOrgNumber(input: string): string | null {
  const match = /^\s*(\d{6})-?(\d{4})\s*$/.exec(input);
  return match ? `${match[1]}${match[2]}` : null;
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
