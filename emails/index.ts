/**
 * Email templates: data in, `{ subject, html, text }` out, in Swedish or English. One shared layout
 * (emails/layout.ts) escapes every value; dates and times are shown in the event's zone.
 */
import { registrationBurstAlert, registrationConfirmRequest, registrationReleased } from './confirmation.ts';
import type { EmailContent } from './layout.ts';
import { renderLayout } from './layout.ts';
import { manageLinkResent, registrationCancelled, registrationConfirmed, sessionInvite, waitlistPromoted } from './registration.ts';
import type { EmailInput, EmailKind, RenderedEmail } from './types.ts';
import {
  hostInvitation,
  organiserLogin,
  reminder,
  visitAssignment,
  visitCancelled,
  visitChanged,
  visitConfirmed,
  visitRequestReceived,
} from './visits.ts';

export type * from './types.ts';

/** Every template kind, in the order a preview lists them. */
export const emailKinds = [
  'registration_confirm_request',
  'registration_confirmed',
  'registration_changed',
  'registration_cancelled',
  'registration_released',
  'waitlist_promoted',
  'manage_link_resent',
  'session_invite',
  'session_invite_cancelled',
  'visit_request_received',
  'visit_confirmed',
  'visit_assignment',
  'visit_changed',
  'visit_cancelled',
  'reminder',
  'organiser_login',
  'registration_burst_alert',
  'host_invitation',
] as const satisfies readonly EmailKind[];

// The compiler checks that emailKinds lists every kind of the union.
type Missing = Exclude<EmailKind, (typeof emailKinds)[number]>;
const allKindsListed: Missing extends never ? true : Missing = true;
void allKindsListed;

function content(input: EmailInput): EmailContent {
  switch (input.kind) {
    case 'registration_confirmed':
    case 'registration_changed':
      return registrationConfirmed(input);
    case 'registration_cancelled':
      return registrationCancelled(input);
    case 'registration_confirm_request':
      return registrationConfirmRequest(input);
    case 'registration_released':
      return registrationReleased(input);
    case 'registration_burst_alert':
      return registrationBurstAlert(input);
    case 'waitlist_promoted':
      return waitlistPromoted(input);
    case 'manage_link_resent':
      return manageLinkResent(input);
    case 'session_invite':
    case 'session_invite_cancelled':
      return sessionInvite(input);
    case 'visit_request_received':
      return visitRequestReceived(input);
    case 'visit_confirmed':
      return visitConfirmed(input);
    case 'visit_assignment':
      return visitAssignment(input);
    case 'visit_changed':
      return visitChanged(input);
    case 'visit_cancelled':
      return visitCancelled(input);
    case 'reminder':
      return reminder(input);
    case 'organiser_login':
      return organiserLogin(input);
    case 'host_invitation':
      return hostInvitation(input);
  }
}

/** Renders one email. Throws a RangeError for an unknown time zone (a programming error, not user input). */
export function renderEmail(input: EmailInput): RenderedEmail {
  return renderLayout(input.lang, input.event, content(input));
}
