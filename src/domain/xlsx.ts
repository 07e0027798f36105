/**
 * Real Excel workbooks (.xlsx) of the organisers' exports, written with ExcelJS: numbers as numbers, instants as
 * Excel dates showing the event's wall-clock time, yes/no as Ja/Nej, a frozen header row and an auto filter.
 *
 * Formula injection: a text cell is always written as a string cell, never a formula, whatever it starts with
 * (`=`, `+`, `-`, `@`, …): Excel shows it as text and runs nothing. The CSV needs a leading apostrophe for the
 * same safety because CSV has no types; here the type is the defence, and the value stays exactly as entered.
 *
 * ExcelJS is loaded on the first workbook only, so neither runtime pays for parsing it at start-up.
 */
import type { Cell } from './csv.ts';
import type { Column, Sheet } from './exports.ts';
import { zoneOffsetMs } from './time.ts';

/** Excel dates have no zone: an instant becomes the Date whose UTC fields are the event's wall clock. */
function wallClockDate(instant: string, timeZone: string): Date {
  const at = new Date(instant);
  return new Date(at.getTime() + zoneOffsetMs(at, timeZone));
}

/** What goes into one cell; ExcelJS reads a JS string as a string cell, a number as a number, a Date as a date. */
function cellValue(cell: Cell, column: Column, timeZone: string): string | number | Date | null {
  if (cell === null || cell === undefined || cell === '') return null;
  switch (column.type) {
    case 'number':
      return typeof cell === 'number' && Number.isFinite(cell) ? cell : null;
    case 'yesno':
      return cell ? 'Ja' : 'Nej';
    case 'instant':
      return typeof cell === 'string' ? wallClockDate(cell, timeZone) : null;
    case 'text':
      return String(cell);
  }
}

const numberFormat: Partial<Record<Column['type'], string>> = { instant: 'yyyy-mm-dd hh:mm', number: '0' };

/** Column width in characters: the longest of the header and the first rows' values, within reason. */
function width(column: Column, values: readonly (string | number | Date | null)[]): number {
  if (column.type === 'instant') return 17;
  const longest = values.slice(0, 200).reduce<number>((max, v) => Math.max(max, v === null ? 0 : String(v).length), column.header.length);
  return Math.min(60, Math.max(8, longest + 2));
}

export async function toXlsx(sheet: Sheet): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mötesdagen';
  const worksheet = workbook.addWorksheet(sheet.kind, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  const rows = sheet.rows.map((row) => sheet.columns.map((column, i) => cellValue(row[i], column, sheet.timeZone)));
  worksheet.columns = sheet.columns.map((column, i) => ({
    header: column.header,
    width: width(
      column,
      rows.map((r) => r[i] ?? null),
    ),
    style: numberFormat[column.type] ? { numFmt: numberFormat[column.type] } : {},
  }));
  worksheet.getRow(1).font = { bold: true };
  worksheet.addRows(rows);
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: sheet.columns.length } };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
