/** Every page and API answer carries the security headers, on both runtimes. */
import { describe, expect, inject, it } from 'vitest';
import { securityHeaders } from '../../src/api/security-headers.ts';

describe.each(inject('targets'))('security headers on $name', ({ baseUrl }) => {
  it.each([
    '/',
    '/en/',
    '/integritet',
    '/finns-inte',
    '/api/health',
    '/api/events',
    '/api/openapi.json',
    '/api/no-such-route',
    '/favicon.svg',
  ])('%s', async (path) => {
    const response = await fetch(`${baseUrl}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    // Served over plain http on localhost: no HSTS from the app. (Static files at the edge get their headers
    // from the build's _headers file, written for production, https.)
    if (path !== '/favicon.svg') expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('keeps the manage page from leaking its secret link through Referer', async () => {
    const response = await fetch(`${baseUrl}/hantera/${'a'.repeat(43)}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });
});

describe('HSTS', () => {
  it('is sent when the site is served over https', () => {
    expect(securityHeaders('https://motesdagen.norrvik.se')['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expect(securityHeaders('http://localhost:4321')['strict-transport-security']).toBeUndefined();
  });
});
