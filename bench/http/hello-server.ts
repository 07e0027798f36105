/**
 * The machine's ceiling for the HTTP benchmark: a bare Hono hello route on @hono/node-server, nothing else.
 * Prints its URL once listening. PORT selects the port.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/', (c) => c.json({ hello: 'world' }));
const port = Number(process.env.PORT ?? 4399);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`http://127.0.0.1:${port}/`));
