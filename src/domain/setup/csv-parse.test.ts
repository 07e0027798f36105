import { describe, expect, it } from 'vitest';
import { toCsv } from '../csv.ts';
import { parseCsv } from './csv-parse.ts';

const cells = (text: string) => parseCsv(text).rows.map((r) => r.cells);

describe('parseCsv', () => {
  it('reads semicolons, a BOM and CRLF as Swedish Excel writes them', () => {
    const parsed = parseCsv('\uFEFFnamn;e-post\r\nÅsa Öberg;asa@norrvik.example\r\n');
    expect(parsed.delimiter).toBe(';');
    expect(parsed.rows).toEqual([
      { line: 1, cells: ['namn', 'e-post'] },
      { line: 2, cells: ['Åsa Öberg', 'asa@norrvik.example'] },
    ]);
  });

  it('reads commas when the header has more of them, and LF line ends', () => {
    expect(cells('namn,e-post,ämnen\nKim,kim@x.se,"Bygglov; Miljö"\n')).toEqual([
      ['namn', 'e-post', 'ämnen'],
      ['Kim', 'kim@x.se', 'Bygglov; Miljö'],
    ]);
  });

  it('keeps quoted separators, doubled quotes and line breaks inside a cell', () => {
    const parsed = parseCsv('a;b\r\n"x;y";"sa ""hej""\r\nrad två"\r\nsist;"";\r\n');
    expect(parsed.rows.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['x;y', 'sa "hej"\r\nrad två'],
      ['sist', '', ''],
    ]);
    expect(parsed.rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('drops empty lines (also ones of only separators) and reads a last line without a line end', () => {
    expect(cells('a;b\n\n;\nc;d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(cells('')).toEqual([]);
  });

  it('reads back what toCsv writes', () => {
    const rows = [
      ['Ett; två', 'citat "x"', 'rad\nbryt'],
      ['vanlig', '', 'ä'],
    ];
    expect(cells(toCsv(['h1', 'h2', 'h3'], rows))).toEqual([['h1', 'h2', 'h3'], ...rows]);
  });
});
