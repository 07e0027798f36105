/**
 * The scheduled work, one module for both runtimes: the Node process runs `jobScheduler(…).tick()` on a
 * short interval, the Worker's `scheduled` handler (the cron trigger in wrangler.toml, every minute) runs
 * `runAllJobs`. docs/decisions/0006-scheduled-jobs.md.
 *
 * Every job is bounded (a run does at most so much work and claims nothing after its deadline; the next run
 * goes on where it stopped) and safe to run twice at once, in one process or in many isolates:
 *  - outbox: sends what is due, 50 messages a round, round after round until nothing is left or the run's
 *    deadline passes; each row is claimed by a conditional UPDATE with a lease, and its id is Resend's
 *    idempotency key (src/mail/sender.ts);
 *  - reminders: queues the day-before reminders, at most 100 a run; each has a fixed outbox id, so a second
 *    runner's insert fails on the key and queues nothing (src/domain/reminders.ts);
 *  - retention: erases personal data of events past their retention time, at most 5 events a run; each
 *    event is claimed by a conditional UPDATE in its erasing batch (src/domain/retention.ts);
 *  - place-notices: renders the emails a change's batch left as notices (promotions from a waiting list, a
 *    change's summary) that its request did not get to, e.g. because the process died right after the batch;
 *    at most 100 a run, each at least 30 s old (the request renders its own); each notice is deleted by the batch that queues its emails (src/domain/place-notices.ts);
 *  - visit-queue: for events set to serve their queue for visits, places and confirms the requests freed hosts
 *    can serve; a second runner finds the hosts booked (the unique index refuses a double booking) and sends
 *    nothing (src/domain/visits.ts `serveQueuesAutomatically`);
 *  - confirmation-hold: releases, at most 20 a run, registrations whose contact did not confirm within the event's
 *    hold time, through the cancellation path (places freed, waiting list promoted, contact told); the release
 *    asserts the registration is still unconfirmed, so a second runner or a confirmation in between changes nothing
 *    (src/domain/confirmation.ts).
 * A job that fails is reported and does not stop the others.
 */
import type { DrainResult } from '../mail/sender.ts';
import type { Services } from './services.ts';

export type JobName = 'place-notices' | 'outbox' | 'reminders' | 'retention' | 'visit-queue' | 'confirmation-hold';

export interface JobReport {
  job: JobName;
  ok: boolean;
  /** What the job reports (messages sent, reminders queued, events erased), or the error. */
  result: unknown;
  ms: number;
}

interface Job {
  name: JobName;
  /** How often the Node process runs it. At the edge every job runs on every cron tick (each minute). */
  everyMs: number;
  run(services: Services, deadline: number): Promise<unknown>;
}

/** How long one run of a job may go on claiming new work. */
export const JOB_BUDGET_MS = 20_000;

/** One drain sends at most 50 messages; a run drains again while there was more, until its deadline. */
async function drainUntil(services: Services, deadline: number): Promise<DrainResult | undefined> {
  let total: DrainResult | undefined;
  for (;;) {
    const round = await services.delivery.drain({ deadline });
    if (!round) return total;
    total = {
      sent: (total?.sent ?? 0) + round.sent,
      failed: (total?.failed ?? 0) + round.failed,
      retried: (total?.retried ?? 0) + round.retried,
    };
    if (round.sent + round.failed + round.retried < 50 || services.clock.now().getTime() >= deadline) return total;
  }
}

export const JOBS: readonly Job[] = [
  { name: 'place-notices', everyMs: 5_000, run: (services) => services.registrations.deliverPlaceNotices({ limit: 100 }) },
  { name: 'outbox', everyMs: 5_000, run: drainUntil },
  { name: 'reminders', everyMs: 600_000, run: (services) => services.queueReminders({ max: 100 }) },
  { name: 'retention', everyMs: 3_600_000, run: (services) => services.eraseExpired({ limit: 5 }) },
  { name: 'visit-queue', everyMs: 60_000, run: (services) => services.visits.serveQueuesAutomatically() },
  { name: 'confirmation-hold', everyMs: 60_000, run: releaseExpiredHolds },
];

/** Releases registrations past their hold time one by one (each its own batch); reports how many went. */
async function releaseExpiredHolds(services: Services, deadline: number): Promise<{ released: number }> {
  let released = 0;
  for (const id of await services.confirmations.expiredHolds(20)) {
    if (services.clock.now().getTime() >= deadline) break;
    const result = await services.registrations.releaseUnconfirmed(id);
    if (result.ok) released++;
  }
  return { released };
}

/** Runs the given jobs side by side; resolves when all are done, each with its report. */
async function run(services: Services, jobs: readonly Job[]): Promise<JobReport[]> {
  const started = services.clock.now().getTime();
  const deadline = started + JOB_BUDGET_MS;
  return Promise.all(
    jobs.map(async (job): Promise<JobReport> => {
      try {
        const result = await job.run(services, deadline);
        return { job: job.name, ok: true, result, ms: services.clock.now().getTime() - started };
      } catch (error) {
        return { job: job.name, ok: false, result: error, ms: services.clock.now().getTime() - started };
      }
    }),
  );
}

/** Every job once: the Worker's cron tick, and the Node process at start. */
export function runAllJobs(services: Services): Promise<JobReport[]> {
  return run(services, JOBS);
}

/**
 * A scheduler for a long-running process: each `tick()` runs the jobs whose period has passed since they
 * last started, and never starts a job again while its previous run is still going.
 */
export function jobScheduler(services: Services) {
  const lastStarted = new Map<JobName, number>();
  const running = new Set<JobName>();
  return {
    async tick(): Promise<JobReport[]> {
      const now = services.clock.now().getTime();
      const due = JOBS.filter(
        (job) => !running.has(job.name) && now - (lastStarted.get(job.name) ?? Number.NEGATIVE_INFINITY) >= job.everyMs,
      );
      const reports = due.map(async (job) => {
        lastStarted.set(job.name, now);
        running.add(job.name);
        try {
          return (await run(services, [job]))[0] as JobReport;
        } finally {
          running.delete(job.name);
        }
      });
      return Promise.all(reports);
    },
  };
}

/** One line per failed job, for the log. */
export function logJobFailures(reports: readonly JobReport[], log: (line: string, error: unknown) => void = console.error): void {
  for (const report of reports) if (!report.ok) log(`${report.job}: failed`, report.result);
}
