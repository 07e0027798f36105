/**
 * A small CSV reader for organisers' uploads: what Swedish Excel writes (semicolons, UTF-8 with or without a
 * byte-order mark, CRLF) and what other tools write (commas, LF). RFC 4180 quoting: a quoted cell may hold
 * the separator, line breaks and doubled quotes. The separator is whichever of `;` and `,` the header line
 * (outside quotes) has more of.
 */

export interface ParsedCsv {
  delimiter: ';' | ',';
  /** Rows of cells; wholly empty lines are dropped. `line` is the 1-based line where the row starts. */
  rows: { line: number; cells: string[] }[];
}

function detectDelimiter(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') semicolons++;
    else if (!quoted && char === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

export function parseCsv(input: string): ParsedCsv {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const rows: ParsedCsv['rows'] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '') {
      // A quote opens a quoted cell only at its start (spaces before it are dropped).
      cell = '';
      quoted = true;
    } else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += char;
    }
  }
  if (cell !== '' || cells.length) endRow();
  return { delimiter, rows };
}
