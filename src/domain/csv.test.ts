import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('CSV for Swedish Excel', () => {
  it('starts with a BOM, separates with semicolons and ends lines with CRLF', () => {
    const csv = toCsv(['Företag', 'Antal'], [['Åbro Bageri AB', 3]]);
    expect(csv).toBe('\uFEFFFöretag;Antal\r\nÅbro Bageri AB;3\r\n');
  });

  it('quotes cells with separators, quotes and line breaks', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('säger "hej"')).toBe('"säger ""hej"""');
    expect(csvCell('rad 1\nrad 2')).toBe('"rad 1\nrad 2"');
  });

  it('keeps formulas from running', () => {
    for (const hostile of ['=HYPERLINK("http://x")', '+46 70', '-1+1', '@SUM(A1)', '\t=1']) {
      expect(csvCell(hostile).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('Helt vanlig text')).toBe('Helt vanlig text');
  });

  it('writes numbers with a decimal comma and booleans in Swedish', () => {
    expect(csvCell(2.5)).toBe('2,5');
    expect(csvCell(true)).toBe('Ja');
    expect(csvCell(null)).toBe('');
  });
});
