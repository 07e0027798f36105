/**
 * `npm run bench`: every benchmark, each writing its own sections of docs/benchmarks.md. Builds first.
 *   node_modules/.bin/node bench/run.ts [--no-matching]
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './lib/servers.ts';

const run = (file: string, args: string[] = []) =>
  execFileSync(process.execPath, [join(projectRoot, file), ...args], { cwd: projectRoot, stdio: 'inherit' });

execFileSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: 'inherit' });
run('bench/http/run.ts', ['--target', 'node']);
run('bench/http/run.ts', ['--target', 'edge', '--runs', '1']);
run('bench/pages/run.ts');
run('bench/growth/run.ts');
if (!process.argv.includes('--no-matching')) {
  run('bench/matching/run.ts');
  run('bench/matching/edge.ts');
}
