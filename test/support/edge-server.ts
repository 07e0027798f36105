/** Starts the built Worker under `wrangler dev` with a fresh local D1, migrated and seeded. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inlineParameters } from '../../db/compiler.ts';
import { executeEdgeSql, prepareEdgeDatabase, queryEdgeSql, startEdgeServer } from '../../scripts/edge.ts';
import { freePort, type RunningServer } from './node-server.ts';

export interface EdgeTarget extends RunningServer {
  /** Runs one SQL statement on the local D1 and returns its rows. */
  query<T = Record<string, unknown>>(sql: string): T[];
}

export async function startEdgeTarget(vars: Record<string, string> = {}, args: string[] = []): Promise<EdgeTarget> {
  const persistTo = mkdtempSync(join(tmpdir(), 'motesdagen-d1-'));
  prepareEdgeDatabase(persistTo);
  const port = await freePort();
  const child = await startEdgeServer({ port, persistTo, vars, args });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    query: (sql) => queryEdgeSql(persistTo, sql) as never,
    async apply(queries) {
      const file = join(persistTo, `fixture-${Date.now()}.sql`);
      writeFileSync(file, queries.map((q) => `${inlineParameters(q)};`).join('\n'));
      executeEdgeSql(persistTo, file);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
