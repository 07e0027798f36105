/**
 * Starts both runtimes once for the contract suite: the Node server and `wrangler dev`, each with the
 * demo event on a fresh database. Tests receive their base URLs through `inject('targets')`.
 */
import type { TestProject } from 'vitest/node';
import { startEdgeTarget } from '../support/edge-server.ts';
import { adminFixtureQueries, fixtureQueries } from '../support/fixtures.ts';
import { type RunningServer, startNodeServer } from '../support/node-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    targets: { name: 'node' | 'edge'; baseUrl: string }[];
  }
}

export default async function setup(project: TestProject) {
  const servers: RunningServer[] = [];
  try {
    // Generous write limits: the suite sends hundreds of registrations from one address on purpose.
    const limits = {
      RATE_LIMIT_WRITES_PER_MINUTE: '100000',
      RATE_LIMIT_SIGNED_IN_WRITES_PER_MINUTE: '100000',
      SIGN_IN_COOLDOWN_SECONDS: '0',
    };
    const [node, edge] = await Promise.all([startNodeServer(limits), startEdgeTarget(limits)]);
    servers.push(node, edge);
    const fixtures = [...fixtureQueries(), ...adminFixtureQueries()];
    await Promise.all(servers.map((server) => server.apply(fixtures)));
    project.provide('targets', [
      { name: 'node', baseUrl: node.baseUrl },
      { name: 'edge', baseUrl: edge.baseUrl },
    ]);
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  return async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
}
