import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const LINK_SECRET = 'a-test-link-secret-of-at-least-32-characters';

describe('configuration', () => {
  it('has working defaults for the demo', () => {
    const config = loadConfig({ LINK_SECRET }, 'http://localhost:4321');
    expect(config).toMatchObject({ publicUrl: 'http://localhost:4321', resendApiKey: undefined, environment: 'development' });
  });

  it('takes PUBLIC_URL without a trailing slash and treats empty secrets as unset', () => {
    const config = loadConfig(
      { PUBLIC_URL: 'https://motesdagen.example.se/', RESEND_API_KEY: '  ', NODE_ENV: 'production', LINK_SECRET },
      'http://x',
    );
    expect(config.publicUrl).toBe('https://motesdagen.example.se');
    expect(config.resendApiKey).toBeUndefined();
  });

  it('needs a link secret of at least 32 characters (the Node process supplies one when it is unset)', () => {
    expect(() => loadConfig({}, 'http://x')).toThrow(/LINK_SECRET: required/);
    expect(() => loadConfig({ LINK_SECRET: 'short' }, 'http://x')).toThrow(/LINK_SECRET: must be at least 32 characters/);
  });

  it('refuses the development mailbox (no RESEND_API_KEY, not production) with a PUBLIC_URL others can reach', () => {
    expect(() => loadConfig({ LINK_SECRET, PUBLIC_URL: 'https://motesdagen.example.se' }, 'http://x')).toThrow(
      /PUBLIC_URL.*RESEND_API_KEY.*NODE_ENV/s,
    );
    expect(() => loadConfig({ LINK_SECRET }, 'https://motesdagen.example.se')).toThrow(ConfigError);
    for (const url of ['http://localhost:4321', 'http://127.0.0.1:8787', 'http://[::1]:4321', 'http://motesdagen.localhost']) {
      expect(loadConfig({ LINK_SECRET, PUBLIC_URL: url }, 'http://x').publicUrl).toBe(url);
    }
    expect(loadConfig({ LINK_SECRET, PUBLIC_URL: 'https://motesdagen.example.se', RESEND_API_KEY: 're_x' }, 'http://x').resendApiKey).toBe(
      're_x',
    );
  });

  it('takes trusted proxies as addresses and ranges, and names TRUSTED_PROXIES when one is not', () => {
    expect(loadConfig({ LINK_SECRET, TRUSTED_PROXIES: '10.0.0.0/8, ::1, 192.0.2.7' }, 'http://localhost').trustedProxies).toHaveLength(3);
    expect(loadConfig({ LINK_SECRET }, 'http://localhost').trustedProxies).toEqual([]);
    expect(() => loadConfig({ LINK_SECRET, TRUSTED_PROXIES: '10.0.0.0/33' }, 'http://localhost')).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ LINK_SECRET, TRUSTED_PROXIES: 'proxy.example' }, 'http://localhost')).toThrow(/TRUSTED_PROXIES/);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://nope', NODE_ENV: 'staging' }, 'http://x')).toThrow(ConfigError);
    try {
      loadConfig({ PUBLIC_URL: 'ftp://nope', NODE_ENV: 'staging' }, 'http://x');
    } catch (error) {
      expect((error as Error).message).toMatch(/PUBLIC_URL/);
      expect((error as Error).message).toMatch(/NODE_ENV/);
    }
  });
});
