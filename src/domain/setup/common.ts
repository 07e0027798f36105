/** Small helpers shared by the set-up services: input parsing into Results, Swedish field errors, audit. */
import type { z } from 'zod';
import type { Actor } from '../access/policy.ts';
import { type FieldError, fail, ok, type Result } from '../errors.ts';
import { fieldErrors } from '../field-errors.ts';

/** A field error with an organiser-facing Swedish message (the admin is Swedish only). */
export const fieldProblem = (path: string, message: string, code = 'invalid'): FieldError => ({ path, code, message });

export const invalid = (errors: FieldError[], detail?: string) => fail('validation_failed', detail, errors);

/** Parses input with a shared schema; failures carry Swedish field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data) : invalid(fieldErrors(parsed.error.issues, 'sv'));
}

/** Who acts: an organiser (page or API), as `auditQuery` takes it. */
export type SetupActor = Actor;

/** Lower-case ASCII slug of a Swedish name: "Miljö och hälsa" → "miljo-och-halsa". */
export function slugify(value: string): string {
  return (
    value
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'amne'
  );
}

/**
 * The fields of a parsed partial update that the caller actually sent: zod fills defaults in for absent
 * keys even in a `.partial()` schema, and a PATCH must not reset what it did not mention.
 */
export function onlyGiven<T extends Record<string, unknown>>(parsed: T, input: unknown): Partial<T> {
  const given = input && typeof input === 'object' ? input : {};
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => Object.hasOwn(given, key))) as Partial<T>;
}
