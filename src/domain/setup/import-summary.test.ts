import { describe, expect, it } from 'vitest';
import { importDoneMessage, skippedRowsNote } from './import-summary.ts';

describe('host import summary', () => {
  it('agrees each count with its noun', () => {
    expect(importDoneMessage({ created: 1, updated: 0, skipped: 1 })).toBe(
      '1 värd lades till och 0 uppdaterades. 1 rad med fel hoppades över.',
    );
    expect(importDoneMessage({ created: 2, updated: 1, skipped: 3 })).toBe(
      '2 värdar lades till och 1 uppdaterades. 3 rader med fel hoppades över.',
    );
    expect(importDoneMessage({ created: 0, updated: 2, skipped: 0 })).toBe('0 värdar lades till och 2 uppdaterades.');
    expect(skippedRowsNote(1)).toBe('1 rad har fel och hoppas över');
    expect(skippedRowsNote(2)).toBe('2 rader har fel och hoppas över');
    expect(skippedRowsNote(0)).toBe('');
  });
});
