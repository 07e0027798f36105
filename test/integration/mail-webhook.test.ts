import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/api/env.ts';
import { buildOpenApiDocument } from '../../src/api/openapi.ts';
import { createWebhooksRouter } from '../../src/api/routes/webhooks.ts';
import { enqueueMessage } from '../../src/mail/outbox.ts';
import { signWebhook, verifyWebhookSignature } from '../../src/mail/webhook-signature.ts';
import { type Engine, openSqliteEngine } from '../support/engines.ts';

const secret = `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`;
const now = new Date('2027-01-21T10:00:00.000Z');
const seconds = Math.floor(now.getTime() / 1000);

describe('webhook signatures', () => {
  it('accepts what an independent Standard Webhooks implementation signs, and signs the same way', async () => {
    const body = JSON.stringify({ type: 'email.delivered', data: { email_id: 'e1' } });
    const theirs = new Webhook(secret).sign('msg_1', now, body);
    expect(await signWebhook(secret, 'msg_1', seconds, body)).toBe(theirs);
    expect(await verifyWebhookSignature(secret, { id: 'msg_1', timestamp: String(seconds), signature: theirs, body }, now)).toEqual({
      ok: true,
    });
    // Rotation: several signatures, one valid.
    const listed = `v1,${Buffer.from('nope').toString('base64')} ${theirs}`;
    expect(await verifyWebhookSignature(secret, { id: 'msg_1', timestamp: String(seconds), signature: listed, body }, now)).toEqual({
      ok: true,
    });
  });

  it('rejects tampering, other secrets, stale or future timestamps and missing headers', async () => {
    const body = '{"type":"email.bounced"}';
    const signature = await signWebhook(secret, 'msg_2', seconds, body);
    const check = (
      overrides: Partial<{ id: string | undefined; timestamp: string | undefined; signature: string | undefined; body: string }>,
      at = now,
      key = secret,
    ) => verifyWebhookSignature(key, { id: 'msg_2', timestamp: String(seconds), signature, body, ...overrides }, at);
    expect(await check({})).toEqual({ ok: true });
    expect(await check({ body: `${body} ` })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await check({ id: 'msg_3' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await check({}, now, `whsec_${Buffer.from('another secret').toString('base64')}`)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(await check({}, new Date(now.getTime() + 301_000))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(await check({}, new Date(now.getTime() - 301_000))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(await check({}, new Date(now.getTime() + 299_000))).toEqual({ ok: true });
    expect(await check({ signature: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(await check({ signature: 'v2,abc' })).toEqual({ ok: false, reason: 'bad_signature' });
  });
});

describe('POST /api/webhooks/resend', () => {
  let engine: Engine;
  let app: Hono<AppEnv>;
  let configuredSecret: string | undefined = secret;
  const outboxId = crypto.randomUUID();

  beforeAll(async () => {
    engine = await openSqliteEngine();
    await engine.batch.run([
      enqueueMessage(
        { id: outboxId, eventId: null, kind: 'session_invite', language: 'sv', to: 'a@example.se', subject: 's', html: 'h', text: 't' },
        now,
      ),
    ]);
    await engine.db.updateTable('outbox').set({ status: 'sent', provider_message_id: 're_email_1' }).where('id', '=', outboxId).execute();
    app = new Hono<AppEnv>().route(
      '/api/webhooks',
      createWebhooksRouter(() => ({ db: engine.db, clock: { now: () => now }, secret: configuredSecret })),
    );
  });
  afterAll(async () => {
    await engine.close();
  });

  async function post(payload: unknown, options: { id?: string; signature?: string; timestamp?: number } = {}) {
    const body = JSON.stringify(payload);
    const id = options.id ?? `msg_${crypto.randomUUID()}`;
    const timestamp = options.timestamp ?? seconds;
    return app.request('/api/webhooks/resend', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': String(timestamp),
        'svix-signature': options.signature ?? (await signWebhook(secret, id, timestamp, body)),
      },
      body,
    });
  }

  const events = () =>
    engine.db.selectFrom('delivery_events').selectAll().where('outbox_id', '=', outboxId).orderBy('occurred_at').execute();

  it('records delivered, bounced, complained and delayed reports against the outbox row, once per webhook message', async () => {
    const bounce = { message: 'Mailbox full', subType: 'MailboxFull', type: 'Transient' };
    for (const [type, at] of [
      ['email.delivered', '2027-01-21T09:00:00.000Z'],
      ['email.delivery_delayed', '2027-01-21T09:01:00.000Z'],
      ['email.complained', '2027-01-21T09:03:00.000Z'],
    ] as const) {
      const response = await post({ type, created_at: at, data: { email_id: 're_email_1', to: ['a@example.se'] } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: true, outcome: 'recorded' });
    }
    const bounced = { type: 'email.bounced', created_at: '2027-01-21T09:02:00.000Z', data: { email_id: 're_email_1', bounce } };
    expect(await (await post(bounced, { id: 'msg_bounce' })).json()).toEqual({ received: true, outcome: 'recorded' });
    // Svix redelivers the same message id: stored once.
    expect(await (await post(bounced, { id: 'msg_bounce' })).json()).toEqual({ received: true, outcome: 'duplicate' });

    const stored = await events();
    expect(stored.map((e) => e.type)).toEqual(['email.delivered', 'email.delivery_delayed', 'email.bounced', 'email.complained']);
    expect(JSON.parse(stored[2]!.detail)).toEqual({ bounce });
    expect(stored[2]!.occurred_at).toBe('2027-01-21T09:02:00.000Z');
  });

  it('acknowledges events it does not track without storing them', async () => {
    const before = (await events()).length;
    expect(await (await post({ type: 'email.opened', data: { email_id: 're_email_1' } })).json()).toEqual({
      received: true,
      outcome: 'ignored',
    });
    expect(await (await post({ type: 'email.delivered', data: { email_id: 're_unknown' } })).json()).toEqual({
      received: true,
      outcome: 'unknown_message',
    });
    expect((await events()).length).toBe(before);
  });

  it('answers 401 problem+json to missing, forged or stale signatures, before looking at the body', async () => {
    const forged = await post({ type: 'email.delivered', data: { email_id: 're_email_1' } }, { signature: 'v1,Zm9yZ2Vk' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toBe('application/problem+json');
    expect(await forged.json()).toMatchObject({ status: 401, code: 'unauthorized', detail: 'bad_signature' });

    const stale = await post({ type: 'email.delivered', data: { email_id: 're_email_1' } }, { timestamp: seconds - 6 * 60 });
    expect(stale.status).toBe(401);

    const unsigned = await app.request('/api/webhooks/resend', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'not json',
    });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'unauthorized', detail: 'missing_headers' });
  });

  it('answers 422 to a signed body that is not a Resend event, and 503 without a secret', async () => {
    expect((await post({ hello: 'world' })).status).toBe(422);
    configuredSecret = undefined;
    try {
      expect((await post({ type: 'email.delivered', data: {} })).status).toBe(503);
    } finally {
      configuredSecret = secret;
    }
  });

  it('is documented in OpenAPI', () => {
    const document = buildOpenApiDocument(app, { title: 't', version: '1' }) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(document.paths['/api/webhooks/resend']!)).toEqual(['post']);
    expect(Object.keys(document.paths['/api/webhooks/resend']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '401', '422', '503']),
    );
  });
});
