import fc from 'fast-check';

/**
 * Every property test runs from one fixed seed, so a run in CI gives the same verdict as the run before it; a
 * failure prints the seed and path that reproduce it. To explore new cases, set `FC_SEED` (a number) or
 * `FC_SEED=random`; the seed in use is printed so any failure found that way can be replayed.
 */
const DEFAULT_SEED = 20_261_129;
const requested = process.env.FC_SEED;
const seed =
  requested === undefined || requested === ''
    ? DEFAULT_SEED
    : requested === 'random'
      ? Math.floor(Math.random() * 2 ** 31)
      : Number(requested);
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got "${requested}"`);
if (seed !== DEFAULT_SEED) console.info(`fast-check seed ${seed} (replay with FC_SEED=${seed})`);
fc.configureGlobal({ seed });
