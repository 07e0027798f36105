import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const LINK_SECRET = 'a-test-link-secret-of-at-least-32-characters';

describe('configuration', () => {
  it('has working defaults for the demo', () => {
    const config = loadConfig({ LINK_SECRET }, 'http://localhost:4321');
    expect(config).toMatchObject({ publicUrl: 'http://localhost:4321', resendApiKey: undefined, environment: 'development' });
  });

  it('takes PUBLIC_URL without a trailing slash and treats empty secrets as unset', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://motesdagen.example.se/', RESEND_API_KEY: '  ', LINK_SECRET }, 'http://x');
    expect(config.publicUrl).toBe('https://motesdagen.example.se');
    expect(config.resendApiKey).toBeUndefined();
  });

  it('needs a link secret of at least 32 characters (the Node process supplies one when it is unset)', () => {
    expect(() => loadConfig({}, 'http://x')).toThrow(/LINK_SECRET: required/);
    expect(() => loadConfig({ LINK_SECRET: 'short' }, 'http://x')).toThrow(/LINK_SECRET: must be at least 32 characters/);
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
