/**
 * HEAD to a page answers like GET without a body, and the Node server logs no error for it: Astro writes pages
 * straight to the socket, and Hono's HEAD handling used to make the server write the headers a second time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { freePort, projectRoot, spawnCapturing, waitForHealth } from '../support/node-server.ts';
import { rawRequest } from '../support/raw-http.ts';

it('answers HEAD to pages without ERR_HTTP_HEADERS_SENT in the server log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'motesdagen-head-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { child, output } = spawnCapturing(process.execPath, [join(projectRoot, 'bin/motesdagen.ts'), 'start'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), DATABASE_PATH: join(dir, 'head.sqlite'), PUBLIC_URL: baseUrl },
  });
  try {
    await waitForHealth(baseUrl, child, output);
    for (const path of ['/', '/en/', '/integritet', '/admin', '/hantera/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '/no/such/page']) {
      const get = await rawRequest(`${baseUrl}${path}`);
      const head = await rawRequest(`${baseUrl}${path}`, { method: 'HEAD' });
      expect(head.status, path).toBe(get.status);
      expect(head.body, path).toBe('');
      expect(head.headers['content-type'], path).toBe(get.headers['content-type']);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(output()).not.toContain('ERR_HTTP_HEADERS_SENT');
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
});
