/**
 * The machine's ceiling for the HTTP benchmark: a bare Hono app on @hono/node-server, nothing else.
 * `/` is the hello route; `/bytes/N` answers N bytes of JSON (the same size as a real answer, to tell the
 * cost of moving the bytes through the loopback and the load generator from the cost of the app).
 * Prints its URL once listening. PORT selects the port.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const bodies = new Map<number, Uint8Array<ArrayBuffer>>();
const app = new Hono()
  .get('/', (c) => c.json({ hello: 'world' }))
  .get('/bytes/:n', (c) => {
    const n = Number(c.req.param('n'));
    let body = bodies.get(n);
    if (!body) {
      body = new TextEncoder().encode(JSON.stringify({ hello: 'x'.repeat(Math.max(0, n - 12)) }));
      bodies.set(n, body);
    }
    return c.body(body, 200, { 'content-type': 'application/json' });
  });
const port = Number(process.env.PORT ?? 4399);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`http://127.0.0.1:${port}/`));
