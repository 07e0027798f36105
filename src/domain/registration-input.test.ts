import { describe, expect, it } from 'vitest';
import { OrgNumberSchema, PostalCodeSchema } from './registration-input.ts';

describe('postal code', () => {
  it('keeps the space Swedish mail writes ("641 32"), whether or not it was typed', () => {
    expect(PostalCodeSchema.parse('64132')).toBe('641 32');
    expect(PostalCodeSchema.parse('641 32')).toBe('641 32');
    expect(PostalCodeSchema.parse(' 611 30 ')).toBe('611 30');
  });

  it('refuses other shapes with the postal code’s own error', () => {
    for (const bad of ['6413', '641  32', '64 132', 'ABC 12', '641322']) {
      const result = PostalCodeSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('invalid_postal_code');
    }
  });
});

describe('organisation number field', () => {
  it('stores a sole trader’s twelve-digit number, and the 16 prefix, as the ten-digit form', () => {
    expect(OrgNumberSchema.parse('19811218-9876')).toBe('8112189876');
    expect(OrgNumberSchema.parse('16556036-0793')).toBe('5560360793');
    expect(OrgNumberSchema.parse('556036-0793')).toBe('5560360793');
  });

  it('still checks the Luhn digit of a twelve-digit number', () => {
    const result = OrgNumberSchema.safeParse('19811218-9877');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('invalid_org_number');
  });
});
