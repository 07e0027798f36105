/**
 * The organisers' set-up of an event (issue 5): events, program, visit slots, topics, zones, travel
 * times and hosts. Called by /api/admin (src/api/routes/admin/setup-*.ts) and the admin pages alike; both
 * check access first (requireEventAccess / adminAccess) and pass the acting organiser for the audit log.
 */
import type { Deps } from '../../deps.ts';
import { createEventSetup } from './events.ts';
import { createHostSetup } from './hosts.ts';
import { createProgramSetup } from './program.ts';
import { createVisitSetup } from './visit-setup.ts';

export function createSetupService(deps: Deps) {
  return {
    events: createEventSetup(deps),
    sessions: createProgramSetup(deps),
    visits: createVisitSetup(deps),
    hosts: createHostSetup(deps),
  };
}

export type SetupService = ReturnType<typeof createSetupService>;
export { type EventSettings, eventSettings, statusLabel } from './events.ts';
export { type HostView, hostKindLabel, type ImportResult, type ImportRow, importColumns } from './hosts.ts';
export * from './inputs.ts';
export { type SessionView, sessionKindLabel } from './program.ts';
export type { SlotView, TopicView, TravelCell, ZoneView } from './visit-setup.ts';
