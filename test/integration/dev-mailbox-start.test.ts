/**
 * The development mailbox shows organisers' sign-in links, so the server refuses to start with the mailbox on
 * and a PUBLIC_URL that others can reach; the start banner tells a developer where to read mail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, projectRoot, spawnCapturing, waitForHealth } from '../support/node-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'motesdagen-mailbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));

function start(env: Record<string, string | undefined>) {
  const { NODE_ENV: _ignored, RESEND_API_KEY: _key, PUBLIC_URL: _url, ...inherited } = process.env;
  const { child, output } = spawnCapturing(process.execPath, [join(projectRoot, 'bin/motesdagen.ts'), 'start'], {
    cwd: projectRoot,
    env: { ...inherited, DATABASE_PATH: join(dir, `${crypto.randomUUID()}.sqlite`), ...env },
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output, exited };
}

describe('development mailbox at start-up', () => {
  it('refuses to start with the mailbox on and a PUBLIC_URL that is not on this machine, naming the variables', async () => {
    const port = await freePort();
    const server = start({ PORT: String(port), PUBLIC_URL: 'https://motesdagen.example.se' });
    const code = await Promise.race([server.exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 30_000))]);
    if (code === 'running') server.child.kill('SIGTERM');
    expect(code).toBe(1);
    expect(server.output()).toMatch(/PUBLIC_URL/);
    expect(server.output()).toMatch(/RESEND_API_KEY/);
    expect(server.output()).toMatch(/NODE_ENV/);
  });

  it('starts with a public PUBLIC_URL in production, where the mailbox is off', async () => {
    const port = await freePort();
    const server = start({ PORT: String(port), PUBLIC_URL: 'https://motesdagen.example.se', NODE_ENV: 'production' });
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, server.child, server.output);
      expect((await fetch(`http://127.0.0.1:${port}/dev/mailbox`)).status).toBe(404);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('tells a developer where to read mail, and that only this machine can', async () => {
    const port = await freePort();
    const server = start({ PORT: String(port) });
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, server.child, server.output);
      expect(server.output()).toContain(`http://localhost:${port}/dev/mailbox`);
      expect(server.output()).toMatch(/only from this machine/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});

describe('development mailbox at the edge', () => {
  it('serves nothing with the mailbox on and a PUBLIC_URL that is not on this machine', async () => {
    const port = await freePort();
    const persistTo = mkdtempSync(join(tmpdir(), 'motesdagen-d1-'));
    const { child, output } = spawnCapturing(
      process.execPath,
      [
        join(projectRoot, 'node_modules/wrangler/bin/wrangler.js'),
        'dev',
        '-c',
        join(projectRoot, 'dist/edge/server/wrangler.json'),
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--persist-to',
        persistTo,
        '--var',
        'PUBLIC_URL:https://motesdagen.example.se',
        '--var',
        'LINK_SECRET:a-test-link-secret-of-at-least-32-characters',
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
      },
    );
    try {
      let answer: Response | undefined;
      for (let i = 0; i < 240 && !answer; i++) {
        answer = await fetch(`http://127.0.0.1:${port}/dev/mailbox`).catch(() => undefined);
        if (!answer) await new Promise((r) => setTimeout(r, 250));
      }
      expect(answer, output()).toBeDefined();
      expect(answer?.status).toBe(500);
      expect(await answer?.text()).not.toContain('organiser_login');
      await new Promise((r) => setTimeout(r, 500));
      expect(output()).toMatch(/PUBLIC_URL: \S*motesdagen.example.se\S* is not a localhost address/);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(persistTo, { recursive: true, force: true });
    }
  }, 120_000);
});
