/**
 * The one rule for text people type, used by every input schema. One-line fields (names, company, address,
 * titles, rooms…) take no line breaks, tabs or other control characters; multi-line fields (viewpoints, a
 * visit's message, descriptions) take line breaks and tabs only. Neither takes the invisible characters that
 * reorder text on screen (bidi embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069) or the
 * Unicode line and paragraph separators. Marks that scripts need (U+200E/U+200F, joiners) are kept: names in any
 * script must survive intact.
 */
import type { z } from 'zod';

/** Never part of typed text: C0 and C1 controls but tab and line breaks, DEL, line/paragraph separators, bidi controls. */
function forbiddenEverywhere(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return (
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Why a value is refused as typed text, or undefined when it is fine. */
export function textProblem(value: string, multiLine: boolean): 'line_break' | 'control_character' | undefined {
  let lineBreak = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (forbiddenEverywhere(code)) return 'control_character';
    if (code === 0x09 || code === 0x0a || code === 0x0d) lineBreak = true;
  }
  return !multiLine && lineBreak ? 'line_break' : undefined;
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
