/** One Node server with the demo event for the browser tests; tests get its URL through `inject('baseUrl')`. */
import type { TestProject } from 'vitest/node';
import { startNodeServer } from '../support/node-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The server's SQLite file, for admin access tests that create organisers and sessions directly. */
    databasePath: string;
  }
}

export default async function setup(project: TestProject) {
  // Many tests post forms and sign in from one address within a minute: lift the per-client limits.
  const server = await startNodeServer({
    RATE_LIMIT_WRITES_PER_MINUTE: '10000',
    RATE_LIMIT_SIGNED_IN_WRITES_PER_MINUTE: '10000',
    SIGN_IN_COOLDOWN_SECONDS: '0',
  });
  project.provide('baseUrl', server.baseUrl);
  project.provide('databasePath', server.databasePath);
  return () => server.stop();
}
