import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOrgNumber, hasValidCheckDigit, parseOrgNumber } from './org-number.ts';

describe('organisationsnummer', () => {
  it('accepts both written forms and rejects others', () => {
    expect(parseOrgNumber('556036-0793')).toBe('5560360793');
    expect(parseOrgNumber(' 5560360793 ')).toBe('5560360793');
    for (const bad of ['55603-60793', '556036 0793', '556036-079', 'abcdef-ghij', '']) expect(parseOrgNumber(bad)).toBeNull();
  });

  it('takes a sole trader’s twelve-digit personnummer and the 16 prefix as the ten-digit number', () => {
    expect(parseOrgNumber('19811218-9876')).toBe('8112189876');
    expect(parseOrgNumber('198112189876')).toBe('8112189876');
    expect(parseOrgNumber('20010101-0005')).toBe('0101010005');
    expect(parseOrgNumber('16556036-0793')).toBe('5560360793');
    expect(parseOrgNumber(' 165560360793 ')).toBe('5560360793');
    // Twelve digits with any other first two are not a known form; nor are eleven or thirteen.
    for (const bad of ['17556036-0793', '21811218-9876', '00811218-9876', '1981121-89876', '1981121898761', '19811218 9876'])
      expect(parseOrgNumber(bad)).toBeNull();
  });

  it('applies the Luhn check to the ten digits a twelve-digit number stands for', () => {
    // 811218-9876 is Skatteverket's example personnummer; one digit off fails in both forms.
    expect(hasValidCheckDigit(parseOrgNumber('19811218-9876') ?? '')).toBe(true);
    expect(hasValidCheckDigit(parseOrgNumber('19811218-9877') ?? '')).toBe(false);
    expect(hasValidCheckDigit(parseOrgNumber('16556036-0793') ?? '')).toBe(true);
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), fc.constantFrom('16', '19', '20'), (ten, prefix) => {
        const twelve = `${prefix}${ten.slice(0, 6)}-${ten.slice(6)}`;
        expect(parseOrgNumber(twelve)).toBe(ten);
        expect(hasValidCheckDigit(parseOrgNumber(twelve) ?? '')).toBe(hasValidCheckDigit(ten));
      }),
    );
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
