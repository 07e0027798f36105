/** What a host import did, in Swedish, with each count agreeing with its noun ("1 rad", "2 rader"). */

const counted = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "2 värdar lades till och 1 uppdaterades. 1 rad med fel hoppades över." */
export function importDoneMessage(counts: { created: number; updated: number; skipped: number }): string {
  const done = `${counted(counts.created, 'värd lades till', 'värdar lades till')} och ${counts.updated} uppdaterades.`;
  return counts.skipped > 0 ? `${done} ${counted(counts.skipped, 'rad med fel hoppades över', 'rader med fel hoppades över')}.` : done;
}

/** ", 1 rad har fel och hoppas över" in the preview; empty when every row is good. */
export const skippedRowsNote = (skipped: number): string =>
  skipped > 0 ? counted(skipped, 'rad har fel och hoppas över', 'rader har fel och hoppas över') : '';
