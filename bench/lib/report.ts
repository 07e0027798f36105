/** Writes one benchmark's section of docs/benchmarks.md, leaving every other section as it is. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const benchmarksDoc = resolve(import.meta.dirname, '../../docs/benchmarks.md');

/** Replaces the section headed `## title` (up to the next `## ` heading) or appends it at the end. */
export function writeSection(title: string, body: string, path = benchmarksDoc): void {
  const text = readFileSync(path, 'utf8');
  const heading = `## ${title}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) {
    writeFileSync(path, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  let end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  if (end < 0) end = lines.length;
  const before = lines.slice(0, start).join('\n').trimEnd();
  const after = lines.slice(end).join('\n').trim();
  writeFileSync(path, `${before}\n\n${section}${after ? `\n${after}\n` : ''}`);
}

/** A Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
