/**
 * The one rule for text people type, used by every input schema. One-line fields (names, company, address,
 * titles, rooms…) take no line breaks, tabs or other control characters; multi-line fields (viewpoints, a
 * visit's message, descriptions) take line breaks and tabs only. Neither takes the invisible characters that
 * reorder text on screen (bidi embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069) or the
 * Unicode line and paragraph separators. Marks that scripts need (U+200E/U+200F, joiners) are kept: names in any
 * script must survive intact.
 */
import type { z } from 'zod';

/** Characters that are never part of typed text: C0 and C1 controls, DEL, line/paragraph separators, bidi controls. */
const forbiddenEverywhere = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const lineBreakOrTab = /[\t\n\r]/u;

/** Why a value is refused as typed text, or undefined when it is fine. */
export function textProblem(value: string, multiLine: boolean): 'line_break' | 'control_character' | undefined {
  if (forbiddenEverywhere.test(value)) return 'control_character';
  if (!multiLine && lineBreakOrTab.test(value)) return 'line_break';
  return undefined;
}

/** Refinements that add the field code (see field-errors.ts) of the first problem found. */
export const oneLine = (value: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(value, false);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
};
export const multiLine = (value: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(value, true);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
};
