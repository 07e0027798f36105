/**
 * Helpers for the set-up pages' form posts: reading typed values out of FormData into the shapes the shared
 * zod schemas take, and turning field errors into messages beside fields and an error summary.
 */
import type { FieldError } from '../../../../src/domain/errors.ts';

export const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** A whole number, undefined when empty (→ "Fyll i fältet"), NaN when not a number (→ "inte giltigt"). */
export function integer(form: FormData, name: string): number | undefined {
  const value = text(form, name).trim().replace(/\s/g, '');
  if (value === '') return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** A decimal number (comma or point), null when empty. */
export function decimal(form: FormData, name: string): number | null {
  const value = text(form, name).trim().replace(',', '.');
  if (value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : Number.NaN;
}

export const checked = (form: FormData, name: string): boolean => form.get(name) !== null;
export const all = (form: FormData, name: string): string[] => form.getAll(name).filter((v): v is string => typeof v === 'string');

/** Messages by field path, for the fields themselves. */
export function byPath(errors: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const path = e.path.replace(/\.\d+$/, '');
    out[path] ??= e.message;
  }
  return out;
}

/** The error summary's lines: each error with its field's label. */
export function summary(errors: readonly FieldError[], labels: Record<string, string>) {
  const seen = new Set<string>();
  return errors.flatMap((e) => {
    const path = e.path.replace(/\.\d+$/, '');
    if (seen.has(path)) return [];
    seen.add(path);
    return [{ path, message: e.message, label: labels[path] ?? 'Formuläret' }];
  });
}

export const forgedPost =
  'Formuläret kunde inte tas emot (sidan var för gammal eller kom från en annan webbplats). Ladda om sidan och försök igen.';
