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
