/**
 * Every export is also a real Excel workbook, on both runtimes, downloaded through the admin API as an organiser's
 * tools do (Bearer token) and read back with ExcelJS: numbers are numbers, times are dates showing the event's wall
 * clock (the same as the CSV's text), the header row is frozen and carries an auto filter, and a company's name or
 * viewpoint that starts like a formula stays text in a string cell, never a formula. The viewpoints honour the
 * report's filter in both formats.
 */
import ExcelJS from 'exceljs';
import { describe, expect, inject, it } from 'vitest';
import { exportKinds } from '../../src/domain/exports.ts';
import { registerAndConfirm } from '../support/confirm.ts';
import { FIXTURE_API_TOKEN, VISIT_EVENT } from '../support/fixtures.ts';
import { orgNumber, registrationBody } from '../support/registrations.ts';

const targets = inject('targets');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const hostileName = '=HYPERLINK("http://angripare.example","Klicka")';
const hostileViewpoint = '+SUM(1;2) och -1 och @kommando';

/** The semicolon CSV (no quoted semicolons in the rows read here) as rows of cells, without the byte order mark. */
const csvRows = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(';'));

/** An Excel date's wall clock as the CSV writes it, "YYYY-MM-DD HH:MM" (rounded to the second first: a serial is a float). */
// The instant to the millisecond it was stored with (a day fraction in the file is off by far less), then its minute
// as the CSV writes it: rounding to the second would carry 12:46:59.6 over into 12:47.
const wallClock = (date: Date) => new Date(Math.round(date.getTime())).toISOString().slice(0, 16).replace('T', ' ');

describe.each(targets)('Excel exports on $name', ({ name, baseUrl }) => {
  const n = name === 'node' ? 52_000 : 53_000;
  const download = (file: string) =>
    fetch(`${baseUrl}/api/admin/events/${VISIT_EVENT}/exports/${file}`, { headers: { authorization: `Bearer ${FIXTURE_API_TOKEN}` } });
  const workbook = async (file: string) => {
    const response = await download(file);
    expect(response.status, file).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${VISIT_EVENT}-${file.split('?')[0]}"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    return book;
  };

  it('registers a company whose name and viewpoint start like formulas', async () => {
    const body = registrationBody(n, [{ sessionIds: ['besok-session'] }, { sessionIds: ['besok-session'] }], {
      viewpoints: { text: hostileViewpoint, topics: ['besok-topic'] },
    });
    body.company.name = hostileName;
    // Through the contact's confirmation, as a company's registration is completed.
    const created = await registerAndConfirm<{ company: { name: string } }>(baseUrl, VISIT_EVENT, body);
    expect(created.company.name).toBe(hostileName);
  });

  it.each(exportKinds)('%s.xlsx: one worksheet, bold frozen header, auto filter over every row, no formula anywhere', async (kind) => {
    const book = await workbook(`${kind}.xlsx`);
    expect(book.worksheets).toHaveLength(1);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.name).toBe(kind);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const lastColumn = sheet.getColumn(sheet.columnCount).letter;
    expect(sheet.autoFilter).toBe(`A1:${lastColumn}${Math.max(1, sheet.rowCount)}`);
    sheet.eachRow((row) => {
      row.eachCell((cell) => expect(cell.type, `${kind} ${cell.address}`).not.toBe(ExcelJS.ValueType.Formula));
    });
  });

  it('registreringar.xlsx: typed columns that agree with the CSV, and the hostile name kept as text', async () => {
    const sheet = (await workbook('registreringar.xlsx')).worksheets[0] as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const csv = csvRows(await (await download('registreringar.csv')).text());
    expect(header).toEqual(csv[0]);
    const column = (title: string) => header.indexOf(title) + 1;

    const org = orgNumber(n);
    let ours: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(column('Organisationsnummer')).value === org) ours = row;
    });
    expect(ours, 'our registration is in the workbook').toBeDefined();
    const row = ours as ExcelJS.Row;
    const csvRow = csv.find((cells) => cells[0] === org) as string[];

    // The formula-like name: a string cell holding exactly what the company wrote (the CSV defuses it with an apostrophe).
    const company = row.getCell(column('Företag'));
    expect(company.type).toBe(ExcelJS.ValueType.String);
    expect(company.value).toBe(hostileName);
    expect(company.formula).toBeUndefined();
    expect(csvRow[column('Företag') - 1]).toBe(`"'${hostileName.replaceAll('"', '""')}"`);

    // Numbers as numbers.
    const attendees = row.getCell(column('Deltagare'));
    expect(attendees.type).toBe(ExcelJS.ValueType.Number);
    expect(attendees.value).toBe(2);
    // Yes/no in words, as in the CSV.
    expect(row.getCell(column('Önskar besök')).value).toBe('Nej');
    // Dates as dates, showing the event's wall clock: the same minute as the CSV's text.
    const registered = row.getCell(column('Anmäld'));
    expect(registered.type).toBe(ExcelJS.ValueType.Date);
    expect(registered.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(wallClock(registered.value as Date)).toBe(csvRow[column('Anmäld') - 1]);
    // A number-like text stays text: the organisation number keeps its hyphen and leading digits.
    expect(row.getCell(column('Organisationsnummer')).type).toBe(ExcelJS.ValueType.String);
  });

  it('synpunkter.xlsx and .csv honour the report’s filter; an unknown industry is an error naming the field', async () => {
    const rowsOf = async (query: string) => {
      const sheet = (await workbook(`synpunkter.xlsx${query}`)).worksheets[0] as ExcelJS.Worksheet;
      const rows: unknown[][] = [];
      sheet.eachRow((row, number) => {
        if (number > 1) rows.push((row.values as unknown[]).slice(1));
      });
      return rows;
    };
    const all = await rowsOf('');
    const ours = all.find((r) => r[1] === hostileName);
    expect(ours?.slice(0, 4)).toEqual(['Kompetens', hostileName, 'Bygg och anläggning', hostileViewpoint]);
    expect(ours?.[4]).toBeInstanceOf(Date);
    expect((await rowsOf('?industry=bygg')).some((r) => r[1] === hostileName)).toBe(true);
    expect((await rowsOf('?industry=handel')).some((r) => r[1] === hostileName)).toBe(false);
    expect(await (await download('synpunkter.csv?industry=handel')).text()).not.toContain('HYPERLINK');
    expect(await (await download('synpunkter.csv?industry=bygg')).text()).toContain('HYPERLINK');

    const refused = await download('synpunkter.xlsx?industry=finns-inte');
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(['industry']);
  });
});
