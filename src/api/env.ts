import type { Services } from '../domain/services.ts';

/** Hono typing shared by the app and every router. */
export interface AppEnv {
  Variables: {
    services: Services;
  };
}
