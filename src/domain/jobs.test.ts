import { describe, expect, it } from 'vitest';
import { jobScheduler, runAllJobs } from './jobs.ts';
import type { Services } from './services.ts';

function fakeServices(now: { t: number }) {
  const calls: string[] = [];
  let releaseDrain: (() => void) | undefined;
  const services = {
    clock: { now: () => new Date(now.t) },
    delivery: {
      drain: (options: { deadline?: number }) => {
        calls.push(`outbox<${options.deadline}`);
        return new Promise<undefined>((done) => {
          releaseDrain = () => done(undefined);
        });
      },
    },
    queueReminders: async (options: { max?: number }) => {
      calls.push(`reminders max ${options.max}`);
      return 0;
    },
    eraseExpired: async (options: { limit?: number }) => {
      calls.push(`retention limit ${options.limit}`);
      throw new Error('database gone');
    },
    visits: {
      serveQueuesAutomatically: async () => {
        calls.push('visit-queue');
        return 0;
      },
    },
    confirmations: {
      expiredHolds: async (limit: number) => {
        calls.push(`confirmation-hold limit ${limit}`);
        return [];
      },
    },
    registrations: {
      deliverPlaceNotices: async (options: { limit: number }) => {
        calls.push(`place-notices limit ${options.limit}`);
        return 0;
      },
    },
  } as unknown as Services;
  return { services, calls, release: () => releaseDrain?.() };
}

describe('the scheduled jobs', () => {
  it('run all at once, bounded, and a failing job does not stop the others', async () => {
    const now = { t: 1_000_000 };
    const { services, calls, release } = fakeServices(now);
    const reports = runAllJobs(services);
    release();
    const done = await reports;
    expect(calls).toEqual([
      'place-notices limit 100',
      'outbox<1020000',
      'reminders max 100',
      'retention limit 5',
      'visit-queue',
      'confirmation-hold limit 20',
    ]);
    expect(done.map((r) => [r.job, r.ok])).toEqual([
      ['place-notices', true],
      ['outbox', true],
      ['reminders', true],
      ['retention', false],
      ['visit-queue', true],
      ['confirmation-hold', true],
    ]);
  });

  it('drains the outbox round after round while rounds come back full', async () => {
    const now = { t: 0 };
    const rounds = [50, 50, 3];
    const services = {
      clock: { now: () => new Date(now.t) },
      delivery: { drain: async () => ({ sent: rounds.shift() ?? 0, failed: 0, retried: 0 }) },
      queueReminders: async () => 0,
      eraseExpired: async () => [],
      visits: { serveQueuesAutomatically: async () => 0 },
      confirmations: { expiredHolds: async () => [] },
      registrations: { deliverPlaceNotices: async () => 0 },
    } as unknown as Services;
    const [, outbox] = await runAllJobs(services);
    expect(outbox?.result).toEqual({ sent: 103, failed: 0, retried: 0 });
  });

  it('on a long-running process, each runs on its own period and never twice at once', async () => {
    const now = { t: 0 };
    const { services, calls, release } = fakeServices(now);
    const scheduler = jobScheduler(services);
    const first = scheduler.tick(); // everything is due at start; the drain hangs
    await new Promise((r) => setTimeout(r, 0));
    now.t = 5_000;
    await scheduler.tick(); // the drain is still running: nothing starts
    release();
    await first;
    now.t = 10_000;
    const again = scheduler.tick(); // only the outbox is due again
    release();
    await again;
    now.t = 600_000;
    const later = scheduler.tick();
    release();
    await later;
    // At 600 s the queue for visits and the hold time (every minute) are due again beside the outbox and the
    // reminders; notices left by a change are looked for as often as the outbox (at 5 s too, while the drain still hangs).
    expect(calls.map((c) => c.split(/[< ]/)[0])).toEqual([
      'place-notices',
      'outbox',
      'reminders',
      'retention',
      'visit-queue',
      'confirmation-hold',
      'place-notices',
      'place-notices',
      'outbox',
      'place-notices',
      'outbox',
      'reminders',
      'visit-queue',
      'confirmation-hold',
    ]);
  });
});
