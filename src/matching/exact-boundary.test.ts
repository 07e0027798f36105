import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Every file reachable by value imports (not `import type`) from the given files, with the packages they name. */
function reachable(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const target = match[1]!;
      if (target.startsWith('.')) queue.push(resolve(dirname(file), target));
      else packages.add(target);
    }
    for (const match of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      if (match[1]!.startsWith('.')) queue.push(resolve(dirname(file), match[1]!));
      else packages.add(match[1]!);
    }
  }
  return { files, packages };
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.(ts|astro)$/.test(d.name))
    .map((d) => join(d.parentPath, d.name));
}

describe('the exact mode stays out of the Worker', () => {
  it('nothing the Worker or the site imports reaches HiGHS', () => {
    const { files, packages } = reachable([join(root, 'src/runtime/worker.ts'), ...sources(join(root, 'site'))]);
    expect(files.has(join(root, 'src/matching/index.ts'))).toBe(true);
    expect(files.has(join(root, 'src/matching/exact.ts'))).toBe(false);
    expect(packages.has('highs')).toBe(false);
  });

  it('the Node planning thread does reach it', () => {
    const { files, packages } = reachable([join(root, 'src/runtime/matching-thread-entry.ts')]);
    expect(files.has(join(root, 'src/matching/exact.ts'))).toBe(true);
    expect(packages.has('highs')).toBe(true);
  });
});
