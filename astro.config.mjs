import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import cloudflare from '@astrojs/cloudflare';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { securityHeaders } from './src/api/security-headers.ts';

// One site, two builds: Node (default) and Cloudflare Workers (MOTESDAGEN_TARGET=edge).
// docs/decisions/0001-runtimes-and-atomic-batches.md
const edge = process.env.MOTESDAGEN_TARGET === 'edge';

/**
 * At the edge, static files are served by Cloudflare's asset layer without running the Worker, so their
 * security headers come from a `_headers` file, written here from the same definition the app uses.
 */
const staticHeaders = {
  name: 'motesdagen-static-headers',
  hooks: {
    'astro:build:done': ({ dir }) => {
      if (!edge) return;
      const file = new URL('_headers', dir);
      const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
      const lines = Object.entries(securityHeaders('https://edge')).map(([name, value]) => `  ${name}: ${value}`);
      writeFileSync(file, `${existing.trimEnd()}\n/*\n${lines.join('\n')}\n`.trimStart());
    },
  },
};

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: edge ? './dist/edge' : './dist/node',
  output: 'server',
  fetchFile: null,
  adapter: edge ? cloudflare({ imageService: 'passthrough' }) : node({ mode: 'middleware' }),
  integrations: [staticHeaders],
});
