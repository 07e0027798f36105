/**
 * The data every email template takes. Everything is plain text and UTC ISO instants; the templates escape
 * and format it. Titles and topic names arrive already in the recipient's language.
 */

export type EmailLanguage = 'sv' | 'en';

export interface EmailEvent {
  name: string;
  organiserName: string;
  organiserEmail: string;
  /** IANA zone every date and time is shown in, e.g. Europe/Stockholm. */
  timeZone: string;
  venue: string;
}

interface Base {
  lang: EmailLanguage;
  event: EmailEvent;
}

export interface SessionLine {
  title: string;
  startsAt: string;
  endsAt: string;
  room: string;
  status: 'confirmed' | 'waitlisted';
  waitlistPosition: number | null;
}

export interface SessionSummary {
  title: string;
  startsAt: string;
  endsAt: string;
  room: string;
}

export interface AttendeeSessions {
  name: string;
  sessions: SessionLine[];
}

/** A politician or official on a visit, with how they are presented to the company. */
export interface DelegationMember {
  name: string;
  /** E.g. "Kommunstyrelsens ordförande (M)" or "Bygglovschef, Samhällsbyggnadsförvaltningen". */
  role: string;
}

export interface VisitDetails {
  startsAt: string;
  endsAt: string;
  /** The company's visiting address, one line. */
  address: string;
  topics: string[];
  delegation: DelegationMember[];
}

export interface HostVisitLine extends VisitDetails {
  companyName: string;
}

export type EmailInput = Base &
  (
    | {
        kind: 'registration_confirmed' | 'registration_changed';
        recipientName: string;
        companyName: string;
        manageUrl: string;
        attendees: AttendeeSessions[];
        visitRequested: boolean;
      }
    | { kind: 'registration_cancelled'; recipientName: string; companyName: string }
    | { kind: 'waitlist_promoted'; recipientName: string; companyName: string; session: SessionSummary; manageUrl: string }
    /** Someone tried to register the company again: the existing registration's link goes to its contact. */
    | { kind: 'manage_link_resent'; recipientName: string; companyName: string; manageUrl: string }
    /** The only email of a new registration until its contact confirms: what the click does, and the link. */
    | {
        kind: 'registration_confirm_request';
        recipientName: string;
        companyName: string;
        confirmUrl: string;
        attendeeCount: number;
        holdHours: number;
      }
    /** The contact never confirmed: the places went to others. */
    | { kind: 'registration_released'; recipientName: string; companyName: string; holdHours: number }
    /** To each organiser of the event: registrations arrive faster than its threshold. */
    | { kind: 'registration_burst_alert'; recipientName: string; count: number; minutes: number; threshold: number; adminUrl: string }
    /** One per attendee and session; carries the REQUEST (or CANCEL) attachment. */
    | { kind: 'session_invite' | 'session_invite_cancelled'; recipientName: string; companyName: string; session: SessionSummary }
    | {
        kind: 'visit_request_received';
        recipientName: string;
        companyName: string;
        manageUrl: string;
        slots: { startsAt: string; endsAt: string }[];
        topics: string[];
      }
    /** To the company contact, with the visit's REQUEST attached. */
    | { kind: 'visit_confirmed'; recipientName: string; companyName: string; visit: VisitDetails; manageUrl: string }
    /** To each host of a confirmed visit, with the same calendar event attached. */
    | {
        kind: 'visit_assignment';
        recipientName: string;
        companyName: string;
        visit: VisitDetails;
        contact: { name: string; email: string; phone: string };
        participants: number;
        /** What the company wrote when it asked for the visit; may be empty. */
        companyMessage: string;
      }
    | {
        kind: 'visit_changed';
        audience: 'company' | 'host';
        recipientName: string;
        companyName: string;
        visit: VisitDetails;
        /** The visit as it was before, to show what moved. */
        previous: { startsAt: string; endsAt: string; address: string };
      }
    | {
        kind: 'visit_cancelled';
        audience: 'company' | 'host';
        recipientName: string;
        companyName: string;
        visit: { startsAt: string; endsAt: string; address: string };
        /** Optional words from the organiser; may be empty. */
        reason: string;
      }
    /** The day before: the company's program and visit. */
    | {
        kind: 'reminder';
        audience: 'company';
        recipientName: string;
        companyName: string;
        attendees: AttendeeSessions[];
        visit: VisitDetails | null;
        manageUrl: string;
      }
    /** The day before: a host's visits in order. */
    | { kind: 'reminder'; audience: 'host'; recipientName: string; visits: HostVisitLine[] }
    | { kind: 'organiser_login'; recipientName: string; loginUrl: string; validMinutes: number }
    /** To a host: their private page for availability and topics, where confirmed visits appear later. */
    | { kind: 'host_invitation'; recipientName: string; hostUrl: string; slots: { startsAt: string; endsAt: string }[] }
  );

export type EmailKind = EmailInput['kind'];

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
