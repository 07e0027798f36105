import type { Services } from '../domain/services.ts';

/** Hono typing shared by the app and every router. */
export interface AppEnv {
  Variables: {
    services: Services;
    /** The request body as read (and measured) by the body limit, for a page renderer that reads the socket itself. */
    bufferedBody?: Uint8Array;
  };
}
