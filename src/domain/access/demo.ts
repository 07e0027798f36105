import { DEMO_ORGANISER_EMAIL } from '../../../db/demo-event.ts';
import type { AccessService } from './service.ts';

/**
 * A fresh sign-in link for the demo organiser (an admin of the demo event), which `npm start` prints after
 * seeding the demo so the back office can be tried at once. Valid 15 minutes, once.
 */
export function demoSignInLink(access: AccessService): Promise<string | undefined> {
  return access.cli.signInLink(DEMO_ORGANISER_EMAIL);
}
