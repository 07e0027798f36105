import { describe, expect, it } from 'vitest';
import { fieldErrors } from './field-errors.ts';
import { RegistrationInputSchema } from './registration-input.ts';
import { parseInput } from './setup/common.ts';
import { EventCreateSchema, SetupSlugSchema } from './setup/inputs.ts';

describe('field error messages', () => {
  it('say the limit when a text is too long, in Swedish and English', () => {
    const issues = RegistrationInputSchema.shape.company.shape.name.safeParse('x'.repeat(201)).error?.issues ?? [];
    expect(fieldErrors(issues, 'sv')[0]).toMatchObject({ code: 'too_long', message: 'Texten är för lång: högst 200 tecken.' });
    expect(fieldErrors(issues, 'en')[0]).toMatchObject({ code: 'too_long', message: 'The text is too long: at most 200 characters.' });
    const viewpoint = RegistrationInputSchema.shape.viewpoints.unwrap().shape.text.safeParse('x'.repeat(4001)).error?.issues ?? [];
    expect(fieldErrors(viewpoint, 'sv')[0]?.message).toBe('Texten är för lång: högst 4\u00a0000 tecken.');
  });

  it('say what is wrong with an event’s web address', () => {
    const message = (slug: string) => fieldErrors(SetupSlugSchema.safeParse(slug).error?.issues ?? [], 'sv')[0]?.message;
    for (const slug of ['Stora-Motesdagen', 'möte-2027', 'stora motesdagen', 'dag_1'])
      expect(message(slug), slug).toBe(
        'Adressen får bara innehålla små bokstäver a–z, siffror och bindestreck: inga mellanslag, versaler eller å, ä och ö.',
      );
    expect(message('-motesdagen')).toBe('Adressen ska börja med en bokstav eller en siffra, inte ett bindestreck.');
    expect(message('x'.repeat(81))).toBe('Texten är för lång: högst 80 tecken.');
    expect(SetupSlugSchema.safeParse('stora-motesdagen-2028').success).toBe(true);
  });

  it('reach the organisers’ pages through the set-up services', () => {
    const result = parseInput(EventCreateSchema, { slug: 'Nytt Möte' });
    expect(result.ok).toBe(false);
    const slugError = result.ok ? undefined : result.error.fieldErrors?.find((e) => e.path === 'slug');
    expect(slugError?.message).toMatch(/^Adressen får bara innehålla små bokstäver/);
  });
});
