/**
 * CSV that opens correctly in Swedish Excel: UTF-8 with a byte-order mark (else Excel guesses Windows-1252
 * and mangles åäö), semicolons (Swedish Excel's list separator, since the comma is the decimal mark), CRLF.
 * Cells that a spreadsheet would run as a formula are defused with a leading apostrophe.
 */

export type Cell = string | number | boolean | null | undefined;

const BOM = '\uFEFF';

/** `=`, `+`, `-`, `@`, tab and carriage return start formulas or DDE in Excel, LibreOffice and Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(';'));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
