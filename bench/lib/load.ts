/** The load generator: autocannon in this process, against a server in another. */
import autocannon from 'autocannon';

export interface Load {
  /** Path and query. */
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A fresh body for every request (distinct companies for registrations). */
  body?: () => string;
}

export interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Requests answered with a status other than 2xx, and socket errors/timeouts. */
  non2xx: number;
  /** The statuses other than 2xx and how often, e.g. "503 × 12". */
  failedStatuses: string;
  errors: number;
  total: number;
}

export async function measure(baseUrl: string, load: Load, connections: number, seconds: number): Promise<Measurement> {
  const body = load.body;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: load.method ?? 'GET',
        path: load.path,
        headers: load.headers,
        ...(body
          ? {
              setupRequest: (request: autocannon.Request) => {
                request.body = body();
                return request;
              },
            }
          : {}),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    failedStatuses: Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code} × ${count}`)
      .join(', '),
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}
