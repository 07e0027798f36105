/** The organisers' API as contract tests call it: the fixture's API token, JSON in and out, any 3xx+ fails the test. */
import { expect } from 'vitest';
import { FIXTURE_API_TOKEN } from './fixtures.ts';

export function adminApi(baseUrl: string) {
  return async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/admin${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${FIXTURE_API_TOKEN}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(300);
    return (await response.json()) as T;
  };
}
