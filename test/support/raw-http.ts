/**
 * HTTP as an attacker sends it: any method, any headers (Host and Content-Length included), any body, to any
 * address of the machine. `fetch` normalises too much for these tests.
 */
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; host?: string } = {},
): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((done, failed) => {
    const req = request(
      {
        host: options.host ?? target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', failed);
      },
    );
    req.on('error', failed);
    req.end(options.body);
  });
}

/** This machine's first non-loopback IPv4 address, if it has one (to reach a server as another host would). */
export async function externalAddress(): Promise<string | undefined> {
  const { networkInterfaces } = await import('node:os');
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return undefined;
}

/**
 * Sends `total` bytes of `fill` in chunks (chunked transfer unless `declaredLength` is given), `delayMs` between
 * chunks, and resolves with the answer; stops sending once an answer arrives (as a client whose upload was refused).
 */
export function streamUpload(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    total: number;
    chunk?: number;
    delayMs?: number;
    fill?: string;
    declaredLength?: number;
  },
): Promise<RawAnswer & { sent: number }> {
  const target = new URL(url);
  const chunkSize = options.chunk ?? 64 * 1024;
  const piece = Buffer.alloc(chunkSize, options.fill ?? 'a');
  return new Promise((done, failed) => {
    let answered = false;
    let sent = 0;
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'POST',
        headers: {
          ...options.headers,
          ...(options.declaredLength !== undefined ? { 'content-length': String(options.declaredLength) } : {}),
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), sent });
          req.destroy();
        });
        res.on('error', failed);
      },
    );
    // A server that closes the connection on a refused upload makes further writes fail: that is expected.
    req.on('error', (error) => {
      if (!answered) failed(error);
    });
    req.flushHeaders();
    const pump = () => {
      if (answered || req.destroyed) return;
      if (sent >= options.total) {
        req.end();
        return;
      }
      const size = Math.min(chunkSize, options.total - sent);
      sent += size;
      req.write(size === chunkSize ? piece : piece.subarray(0, size));
      setTimeout(pump, options.delayMs ?? 0);
    };
    pump();
  });
}
