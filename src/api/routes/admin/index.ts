/**
 * The organisers' API below /api/admin. `adminPublicRouter` holds the one anonymous route (asking for a
 * sign-in link); everything in `adminRouter` sits behind `adminAuth` (src/api/admin-auth.ts).
 */
import { Hono } from 'hono';
import type { AdminEnv } from '../../admin-auth.ts';
import { adminEventsRouter } from './events.ts';
import { followupDayRouter } from './followup-day.ts';
import { followupRegistrationsRouter } from './followup-registrations.ts';
import { adminLoginRouter } from './login.ts';
import { meRouter } from './me.ts';
import { organisersRouter } from './organisers.ts';
import { setupEventsRouter } from './setup-events.ts';
import { setupHostsRouter } from './setup-hosts.ts';
import { setupProgramRouter } from './setup-program.ts';
import { setupVisitsRouter } from './setup-visits.ts';
import { tokensRouter } from './tokens.ts';
import { adminVisitsRouter } from './visits.ts';

export const adminPublicRouter = adminLoginRouter;

export const adminRouter = new Hono<AdminEnv>()
  .route('/', meRouter)
  .route('/', adminEventsRouter)
  .route('/', tokensRouter)
  .route('/', organisersRouter)
  .route('/', adminVisitsRouter)
  .route('/', followupRegistrationsRouter)
  .route('/', followupDayRouter)
  .route('/', setupEventsRouter)
  .route('/', setupProgramRouter)
  .route('/', setupVisitsRouter)
  .route('/', setupHostsRouter);
