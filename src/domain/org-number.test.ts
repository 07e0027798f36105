import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOrgNumber, hasValidCheckDigit, parseOrgNumber } from './org-number.ts';

describe('organisationsnummer', () => {
  it('accepts both written forms and rejects others', () => {
    expect(parseOrgNumber('556036-0793')).toBe('5560360793');
    expect(parseOrgNumber(' 5560360793 ')).toBe('5560360793');
    for (const bad of ['55603-60793', '556036 0793', '556036-079', 'abcdef-ghij', '']) expect(parseOrgNumber(bad)).toBeNull();
  });

  it('checks the Luhn digit', () => {
    // Real, public numbers: Volvo AB and Ericsson.
    expect(hasValidCheckDigit('5560125790')).toBe(true);
    expect(hasValidCheckDigit('5560160680')).toBe(true);
    expect(hasValidCheckDigit('5560125791')).toBe(false);
  });

  it('finds exactly one valid check digit for any nine digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const valid = [...'0123456789'].filter((d) => hasValidCheckDigit(nine + d));
        expect(valid).toHaveLength(1);
      }),
    );
  });

  it('formats with the hyphen', () => {
    expect(formatOrgNumber('5560360793')).toBe('556036-0793');
  });
});
