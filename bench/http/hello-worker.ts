/**
 * The edge's ceiling for the HTTP benchmark: a bare Worker under `wrangler dev`, no Hono, no D1, nothing else.
 * `/` (and `/api/health`, which `wrangler dev`'s start-up check asks for) answers a small JSON hello; `/bytes/N`
 * answers N bytes of JSON, the size of a real answer. Measured beside the app under `wrangler dev` in the same run,
 * it tells what workerd, wrangler's proxy and the loopback cost on this machine before any of the app runs.
 */
const encoder = new TextEncoder();
const bodies = new Map<number, Uint8Array<ArrayBuffer>>();

export default {
  fetch(request: Request): Response {
    const sized = /^\/bytes\/(\d+)$/.exec(new URL(request.url).pathname);
    if (!sized) return Response.json({ hello: 'world' });
    const n = Number(sized[1]);
    let body = bodies.get(n);
    if (!body) {
      body = encoder.encode(JSON.stringify({ hello: 'x'.repeat(Math.max(0, n - 12)) }));
      bodies.set(n, body);
    }
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  },
};
