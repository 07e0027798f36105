/**
 * Command line for the Node runtime.
 *
 *   node bin/motesdagen.ts start      migrate, seed the demo event if the database is empty, serve
 *   node bin/motesdagen.ts migrate    apply pending migrations
 *   node bin/motesdagen.ts seed       add the demo event (even if others exist)
 *   node bin/motesdagen.ts flush-outbox   send what is due in the email outbox once, then exit
 *   node bin/motesdagen.ts create-admin <email> <name>   add an admin and print a sign-in link (15 minutes)
 *   node bin/motesdagen.ts create-token <email> <name>   create an API token for an organiser; printed once
 *   node bin/motesdagen.ts revoke-token <id>             revoke an API token
 *   node bin/motesdagen.ts backup FILE   copy the database while the server runs (SQLite online backup)
 *   node bin/motesdagen.ts erase-expired  erase personal data of events past their retention time
 *   node bin/motesdagen.ts demo-registrations [N]   register N fictional companies (default 40) for the demo event
 *
 * Environment: see README.md (PORT, DATABASE_PATH, PUBLIC_URL, RESEND_*, MAIL_FROM).
 */

import { DEMO_ORGANISER_EMAIL, demoEventQueries } from '../db/demo-event.ts';
import { addDemoRegistrations } from '../db/demo-registrations.ts';
import { ConfigError } from '../src/config.ts';
import { demoSignInLink } from '../src/domain/access/demo.ts';
import { jobScheduler, logJobFailures } from '../src/domain/jobs.ts';
import { createServices } from '../src/domain/services.ts';
import { createNodeApp, createNodeDeps, listen, seedDemoIfEmpty } from '../src/runtime/node.ts';

const env = process.env;
const port = Number(env.PORT ?? 4321);
const databasePath = env.DATABASE_PATH ?? 'data/motesdagen.sqlite';
const localUrl = `http://localhost:${port}`;

async function main(command: string | undefined) {
  const deps = createNodeDeps({ databasePath, env, publicUrl: localUrl });
  switch (command) {
    case 'migrate':
      console.log('Migrations applied.');
      return;
    case 'seed':
      await deps.batch.run(demoEventQueries(deps.clock.now()));
      console.log('Demo event added.');
      return;
    case 'backup': {
      const target = process.argv[3];
      if (!target) throw new ConfigError('Usage: node bin/motesdagen.ts backup FILE');
      await deps.sqlite.backup(target);
      console.log(`Backup written to ${target}. Restore: stop the server and copy it to DATABASE_PATH.`);
      return;
    }
    case 'erase-expired': {
      const erased = await createServices(deps).eraseExpired();
      console.log(erased.length ? `Personal data erased for: ${erased.join(', ')}.` : 'No event is past its retention time.');
      return;
    }
    case 'demo-registrations': {
      const services = createServices(deps);
      const slug = await services.events.currentSlug();
      if (!slug) throw new ConfigError('No event to register for: run `npm start` once to seed the demo.');
      const count = await addDemoRegistrations(services, slug, Number(process.argv[3] ?? 40));
      console.log(`${count} demo companies registered for ${slug}.`);
      return;
    }
    case 'flush-outbox': {
      const delivery = createServices(deps).delivery;
      if (!delivery.enabled) {
        console.log('RESEND_API_KEY is not set: messages stay in the outbox (see /dev/mailbox).');
        return;
      }
      const result = await delivery.drain();
      console.log(`Outbox: ${result?.sent ?? 0} sent, ${result?.retried ?? 0} to retry, ${result?.failed ?? 0} failed.`);
      return;
    }
    case 'start': {
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
      const seeded = await seedDemoIfEmpty(deps);
      const services = createServices(deps);
      const app = await createNodeApp(deps, services);
      await listen(app, port);
      // A sign-in link is a secret: printed only where the development mailbox shows such links anyway, never in
      // production, where this output goes to the logs (secrets appear in no log line).
      const demoLink = seeded && services.mailbox.enabled ? await demoSignInLink(services.access) : undefined;
      // Scheduled work (src/domain/jobs.ts), at start and then on each job's period: the outbox is drained every
      // few seconds, day-before reminders are queued every 10 minutes, personal data goes hourly when its
      // event's time is up. The Worker runs the same jobs from its cron trigger.
      const scheduler = jobScheduler(services);
      const tick = () =>
        scheduler
          .tick()
          .then(logJobFailures)
          .catch((error) => console.error('scheduled jobs: failed', error));
      void tick();
      setInterval(tick, 5_000).unref();
      const base = deps.config.publicUrl;
      console.log(
        [
          '',
          `  Mötesdagen is running${seeded ? ' with the demo event' : ''}.`,
          `  Public site:  ${base}/`,
          `  In English:   ${base}/en/`,
          `  API:          ${base}/api/openapi.json`,
          `  Database:     ${databasePath}`,
          ...(demoLink
            ? [`  Sign in:      ${demoLink}  (demo organiser; valid 15 minutes, once)`]
            : seeded
              ? [
                  services.delivery.enabled
                    ? `  Sign in:      ask for a link for ${DEMO_ORGANISER_EMAIL} at ${base}/admin`
                    : '  Sign in:      `node bin/motesdagen.ts create-admin <email> <name>` prints a sign-in link',
                ]
              : []),
          services.delivery.enabled
            ? '  Email:        sent through Resend'
            : services.mailbox.enabled
              ? `  Email:        not sent (no RESEND_API_KEY); read it at ${base}/dev/mailbox (only from this machine)`
              : '  Email:        not sent (no RESEND_API_KEY)',
          '',
        ].join('\n'),
      );
      return;
    }
    case 'create-admin':
    case 'create-token':
    case 'revoke-token': {
      const [first = '', second = ''] = process.argv.slice(3);
      const { cli } = createServices(deps).access;
      if (command === 'revoke-token') {
        const result = await cli.revokeToken(first);
        if (!result.ok) throw new ConfigError(`No API token has the id "${first}".`);
        console.log(`API token "${result.value.name}" (${result.value.id}) is revoked.`);
        return;
      }
      if (!first || !second) throw new ConfigError(`Usage: node bin/motesdagen.ts ${command} <email> <name>`);
      if (command === 'create-admin') {
        const result = await cli.createAdmin(first, second);
        if (!result.ok)
          throw new ConfigError(
            `Cannot create the admin: ${result.error.fieldErrors?.map((e) => e.message).join(' ') ?? result.error.code}`,
          );
        console.log(
          `Admin ${result.value.organiser.email} created. Sign in within 15 minutes (the link works once):\n${result.value.loginUrl}`,
        );
        return;
      }
      const result = await cli.createToken(first, second);
      if (!result.ok) throw new ConfigError(`No enabled organiser has the address "${first}".`);
      console.log(
        `API token "${result.value.view.name}" (id ${result.value.view.id}) for ${first}. It is shown only now:\n${result.value.token}`,
      );
      return;
    }
    default:
      console.error(
        'Usage: node bin/motesdagen.ts start | migrate | seed | demo-registrations [N] | flush-outbox | erase-expired | backup FILE | create-admin <email> <name> | create-token <email> <name> | revoke-token <id>',
      );
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
