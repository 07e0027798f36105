import { describe, expect, it } from 'vitest';
import { isSameOriginRequest } from './origin.ts';
import { type Actor, canManageEvent, canRevokeToken } from './policy.ts';
import { csrfToken, timingSafeEqual, verifyCsrfToken } from './secrets.ts';

const headers = (values: Record<string, string>) => new Headers(values);
const allowed = ['https://motesdagen.example'];

describe('isSameOriginRequest', () => {
  it.each([
    [{ origin: 'https://motesdagen.example' }, true],
    [{ origin: 'https://motesdagen.example', 'sec-fetch-site': 'same-origin' }, true],
    [{ origin: 'null', 'sec-fetch-site': 'same-origin' }, true],
    [{ 'sec-fetch-site': 'same-origin' }, true],
    [{ origin: 'https://evil.example' }, false],
    [{ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, false],
    [{ origin: 'https://motesdagen.example', 'sec-fetch-site': 'same-site' }, false],
    [{ 'sec-fetch-site': 'cross-site' }, false],
    [{ origin: 'null' }, false],
  ])('%j → %s', (values, expected) => {
    expect(isSameOriginRequest(headers(values), allowed)).toBe(expected);
  });

  it('without any evidence: allowed for forms (the CSRF token decides), refused when evidence is required', () => {
    expect(isSameOriginRequest(headers({}), allowed)).toBe(true);
    expect(isSameOriginRequest(headers({}), allowed, { requireEvidence: true })).toBe(false);
  });
});

describe('CSRF tokens', () => {
  it('are stable per session and purpose, differ between sessions, and verify in constant time', async () => {
    const a = await csrfToken('session-a');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await csrfToken('session-a')).toBe(a);
    expect(await csrfToken('session-b')).not.toBe(a);
    expect(await csrfToken('session-a', 'other')).not.toBe(a);
    expect(await verifyCsrfToken('session-a', a)).toBe(true);
    expect(await verifyCsrfToken('session-b', a)).toBe(false);
    expect(await verifyCsrfToken('session-a', '')).toBe(false);
    expect(await verifyCsrfToken('session-a', null)).toBe(false);
  });

  it('timingSafeEqual compares whole strings', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
    expect(timingSafeEqual('', '')).toBe(true);
  });
});

describe('policy', () => {
  const actor = (role: Actor['role'], eventIds: string[] = []): Actor => ({
    organiserId: 'o1',
    email: 'a@b.se',
    name: 'A',
    role,
    eventIds,
    via: { kind: 'session', sessionId: 's' },
  });
  it('admins manage every event, organisers only theirs', () => {
    expect(canManageEvent(actor('admin'), 'e1')).toBe(true);
    expect(canManageEvent(actor('organiser', ['e1']), 'e1')).toBe(true);
    expect(canManageEvent(actor('organiser', ['e2']), 'e1')).toBe(false);
  });
  it('organisers revoke only their own tokens', () => {
    expect(canRevokeToken(actor('organiser'), { organiserId: 'o1' })).toBe(true);
    expect(canRevokeToken(actor('organiser'), { organiserId: 'o2' })).toBe(false);
    expect(canRevokeToken(actor('admin'), { organiserId: 'o2' })).toBe(true);
  });
});
