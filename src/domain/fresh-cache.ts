/**
 * Answers that stay right until the data changes: the public event, its page. A stored value is used only
 * while the database reports the same data version it had when the value was computed, and for at most
 * `ttlMs` (an event's "registration open" depends on the clock too). Under read load (everyone looking
 * at the program) the work is done once per change instead of once per request (docs/benchmarks.md).
 *
 * Without a data version (the edge: isolates share no memory, so nothing could tell them about a write
 * made elsewhere) nothing is cached and every call computes.
 */
import type { Clock, DataVersion } from '../deps.ts';

interface Entry {
  value: unknown;
  version: string;
  expires: number;
}

export interface FreshCache {
  /** The value stored under `key` if still fresh; else `compute()`, stored against the data it read. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** The data version now, to pass to `store` for a value computed from here on; undefined if not caching. */
  snapshot(): string | undefined;
  lookup<T>(key: string): T | undefined;
  store(key: string, value: unknown, snapshot: string | undefined): void;
}

export function createFreshCache(version: DataVersion | undefined, clock: Clock, ttlMs = 1_000, maxEntries = 200): FreshCache {
  const entries = new Map<string, Entry>();
  const snapshot = () => version?.();
  const lookup = <T>(key: string): T | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > clock.now().getTime() && entry.version === snapshot()) return entry.value as T;
    entries.delete(key);
    return undefined;
  };
  const store = (key: string, value: unknown, at: string | undefined) => {
    // Only a value computed from data that is still current may be stored: a write during the
    // computation changed the version, and the value may predate it.
    if (at === undefined || at !== snapshot()) return;
    if (!entries.has(key) && entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(key, { value, version: at, expires: clock.now().getTime() + ttlMs });
  };
  return {
    snapshot,
    lookup,
    store,
    async get(key, compute) {
      const hit = lookup<Awaited<ReturnType<typeof compute>>>(key);
      if (hit !== undefined) return hit;
      const at = snapshot();
      const value = await compute();
      store(key, value, at);
      return value;
    },
  };
}
