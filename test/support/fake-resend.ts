/**
 * A stand-in for Resend's API on 127.0.0.1 for the real SDK to talk to: POST /emails records accepted
 * messages, honours Idempotency-Key like Resend (a repeat returns the first answer and is not recorded
 * again), and can be told per request to fail: 5xx, 429, 422, a hang (the client times out), a reset
 * connection, or accepting the message and then losing the answer.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AcceptedAttachment {
  filename: string | undefined;
  contentType: string | undefined;
  /** Base64, as sent. */
  content: string;
}

export interface AcceptedEmail {
  id: string;
  idempotencyKey: string | undefined;
  from: string;
  to: string[];
  subject: string;
  html: string | undefined;
  text: string | undefined;
  attachments: AcceptedAttachment[];
}

export type Fault = 'none' | 500 | 503 | 429 | 422 | 'hang' | 'reset' | 'accept-then-reset';

export interface FakeRequest {
  /** 0-based count of POST /emails requests so far. */
  index: number;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeResend {
  url: string;
  /** Every message accepted, once per idempotency key. */
  accepted: AcceptedEmail[];
  /** Number of POST /emails requests received. */
  requests(): number;
  /** Decides the fate of each request; the default accepts all. */
  setFault(decide: (request: FakeRequest) => Fault): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((done, failed) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    request.on('error', failed);
  });
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const error = (statusCode: number, name: string, message: string) => ({ statusCode, name, message });

export async function startFakeResend(): Promise<FakeResend> {
  const accepted: AcceptedEmail[] = [];
  const byKey = new Map<string, { hash: string; id: string }>();
  let count = 0;
  let decide: (request: FakeRequest) => Fault = () => 'none';

  const server = createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/emails') return send(response, 404, error(404, 'not_found', 'Not found'));
    if (!/^Bearer \S+$/.test(request.headers.authorization ?? ''))
      return send(response, 401, error(401, 'missing_api_key', 'Missing API key'));
    const raw = await readBody(request);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return send(response, 400, error(400, 'validation_error', 'Invalid JSON'));
    }
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    const fault = decide({ index: count++, idempotencyKey, body });

    if (fault === 'hang') return; // never answers; the client's timeout must give up
    if (fault === 'reset') return request.socket.destroy();
    if (fault === 500 || fault === 503) return send(response, fault, error(fault, 'internal_server_error', 'Something went wrong'));
    if (fault === 429) return send(response, 429, error(429, 'rate_limit_exceeded', 'Too many requests'));
    if (fault === 422) return send(response, 422, error(422, 'validation_error', 'The `to` field is invalid.'));

    const to = typeof body.to === 'string' ? [body.to] : Array.isArray(body.to) ? (body.to as string[]) : [];
    if (typeof body.from !== 'string' || !to.length || typeof body.subject !== 'string') {
      return send(response, 422, error(422, 'missing_required_field', 'from, to and subject are required'));
    }

    const hash = createHash('sha256').update(raw).digest('hex');
    if (idempotencyKey) {
      const earlier = byKey.get(idempotencyKey);
      if (earlier) {
        if (earlier.hash !== hash) return send(response, 409, error(409, 'invalid_idempotent_request', 'Same key, different request'));
        return send(response, 200, { id: earlier.id });
      }
    }

    const id = randomUUID();
    const attachments = ((body.attachments as Record<string, unknown>[] | undefined) ?? []).map((attachment) => ({
      filename: attachment.filename as string | undefined,
      contentType: attachment.content_type as string | undefined,
      content: String(attachment.content ?? ''),
    }));
    accepted.push({
      id,
      idempotencyKey,
      from: body.from,
      to,
      subject: body.subject,
      html: body.html as string | undefined,
      text: body.text as string | undefined,
      attachments,
    });
    if (idempotencyKey) byKey.set(idempotencyKey, { hash, id });

    // Accepted, but the answer is lost: the sender must retry and get the same id back.
    if (fault === 'accept-then-reset') return request.socket.destroy();
    send(response, 200, { id });
  });
  // Tests abandon hanging requests; don't keep their sockets forever.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requests: () => count,
    setFault(next) {
      decide = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
