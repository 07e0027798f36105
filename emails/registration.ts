/**
 * Emails about a company's registration: confirmed, changed, cancelled, a waiting-list place, a second
 * registration attempt, and the per-session calendar invites.
 */
import { createFormatter, type Formatter } from './format.ts';
import type { Block, EmailContent } from './layout.ts';
import type { AttendeeSessions, EmailInput, EmailLanguage, SessionLine, SessionSummary } from './types.ts';

type Of<K extends EmailInput['kind']> = Extract<EmailInput, { kind: K }>;

export const pick =
  (lang: EmailLanguage) =>
  (sv: string, en: string): string =>
    lang === 'sv' ? sv : en;

export const greeting = (lang: EmailLanguage, name: string) => pick(lang)(`Hej ${name}!`, `Hello ${name},`);

function sessionLine(lang: EmailLanguage, format: Formatter, session: SessionLine): string {
  const say = pick(lang);
  const where = session.room ? `, ${session.room}` : '';
  const status =
    session.status === 'confirmed'
      ? say('plats bekräftad', 'place confirmed')
      : session.waitlistPosition !== null
        ? say(`väntelista, plats ${session.waitlistPosition}`, `waiting list, number ${session.waitlistPosition}`)
        : say('väntelista', 'waiting list');
  return `${session.title}\n${format.range(session.startsAt, session.endsAt)}${where} (${status})`;
}

/** The program per attendee, as headings and lists. */
export function programBlocks(lang: EmailLanguage, format: Formatter, attendees: AttendeeSessions[]): Block[] {
  const say = pick(lang);
  return attendees.flatMap((attendee): Block[] => [
    { type: 'heading', text: attendee.name },
    attendee.sessions.length
      ? { type: 'list', items: attendee.sessions.map((session) => sessionLine(lang, format, session)) }
      : { type: 'paragraph', text: say('Inga programpunkter valda.', 'No sessions chosen.') },
  ]);
}

function sessionDetails(lang: EmailLanguage, format: Formatter, session: SessionSummary): Block {
  const say = pick(lang);
  return {
    type: 'details',
    rows: [
      [say('Programpunkt', 'Session'), session.title],
      [say('Tid', 'Time'), format.range(session.startsAt, session.endsAt)],
      ...(session.room ? [[say('Lokal', 'Room'), session.room] as [string, string]] : []),
    ],
  };
}

const companyReason = (lang: EmailLanguage, input: { companyName: string; event: { name: string } }) =>
  pick(lang)(
    `Du får det här mejlet eftersom du är kontaktperson för ${input.companyName} i anmälan till ${input.event.name}.`,
    `You are receiving this email because you are the contact person for ${input.companyName} in the registration for ${input.event.name}.`,
  );

export function registrationConfirmed(input: Of<'registration_confirmed' | 'registration_changed'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  const changed = input.kind === 'registration_changed';
  const waitlisted = input.attendees.some((attendee) => attendee.sessions.some((session) => session.status === 'waitlisted'));
  return {
    subject: changed
      ? say(`Anmälan ändrad: ${event.name}`, `Registration updated: ${event.name}`)
      : say(`Anmälan bekräftad: ${event.name}`, `Registration confirmed: ${event.name}`),
    preheader: say(`${input.companyName} är anmält till ${event.name}.`, `${input.companyName} is registered for ${event.name}.`),
    reason: companyReason(lang, input),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: changed
          ? say(
              `Vi har sparat ändringarna i anmälan för ${input.companyName} till ${event.name}. Så här ser den ut nu:`,
              `We have saved the changes to the registration of ${input.companyName} for ${event.name}. This is how it stands now:`,
            )
          : say(
              `Tack! ${input.companyName} är anmält till ${event.name}. Här är programmet ni har valt:`,
              `Thank you! ${input.companyName} is registered for ${event.name}. These are the sessions you have chosen:`,
            ),
      },
      ...programBlocks(lang, format, input.attendees),
      ...(waitlisted
        ? [
            {
              type: 'notice',
              text: say(
                'Någon programpunkt är full och ni står på väntelistan. Får ni en plats skickar vi ett mejl direkt.',
                'A session is full and you are on its waiting list. If a place becomes free, we will email you at once.',
              ),
            } as Block,
          ]
        : []),
      ...(input.visitRequested
        ? [
            {
              type: 'paragraph',
              text: say(
                'Ni har också önskat ett företagsbesök. När besöken är planerade får ni ett mejl med tid och vilka som kommer.',
                'You have also asked for a company visit. Once visits are planned, you will get an email with the time and who is coming.',
              ),
            } as Block,
          ]
        : []),
      {
        type: 'paragraph',
        text: say(
          'Varje deltagare får en kalenderinbjudan per programpunkt med bekräftad plats.',
          'Each attendee gets a calendar invitation for every session with a confirmed place.',
        ),
      },
      {
        type: 'button',
        label: say('Visa eller ändra anmälan', 'View or change the registration'),
        url: input.manageUrl,
        note: say('Länken är personlig: dela den inte.', 'The link is personal: do not share it.'),
      },
    ],
  };
}

export function registrationCancelled(input: Of<'registration_cancelled'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  return {
    subject: say(`Anmälan avbokad: ${event.name}`, `Registration cancelled: ${event.name}`),
    preheader: say(`Anmälan för ${input.companyName} är avbokad.`, `The registration of ${input.companyName} is cancelled.`),
    reason: companyReason(lang, input),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Anmälan för ${input.companyName} till ${event.name} är avbokad. Deltagarnas platser är släppta och deras kalenderbokningar avbokas i separata mejl.`,
          `The registration of ${input.companyName} for ${event.name} is cancelled. The attendees' places are released and their calendar entries are cancelled in separate emails.`,
        ),
      },
      {
        type: 'paragraph',
        text: say(
          'Var det ett misstag? Ni är välkomna att anmäla er igen så länge anmälan är öppen.',
          'Was this a mistake? You are welcome to register again while registration is open.',
        ),
      },
    ],
  };
}

export function waitlistPromoted(input: Of<'waitlist_promoted'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  return {
    subject: say(`Du har fått en plats: ${input.session.title}`, `You have a place: ${input.session.title}`),
    preheader: say('En plats blev ledig och den är nu er.', 'A place became free and it is now yours.'),
    reason: companyReason(lang, input),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `En plats blev ledig och ${input.companyName} har flyttats från väntelistan. Platsen är bekräftad:`,
          `A place became free and ${input.companyName} has moved up from the waiting list. The place is confirmed:`,
        ),
      },
      sessionDetails(lang, format, input.session),
      {
        type: 'paragraph',
        text: say('En kalenderinbjudan kommer i ett separat mejl.', 'A calendar invitation follows in a separate email.'),
      },
      {
        type: 'button',
        label: say('Visa eller ändra anmälan', 'View or change the registration'),
        url: input.manageUrl,
        note: say(
          'Kan ni inte komma? Avboka platsen via länken så att någon annan får den.',
          'Cannot come? Cancel the place through the link so someone else can have it.',
        ),
      },
    ],
  };
}

export function manageLinkResent(input: Of<'manage_link_resent'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  return {
    subject: say(`${input.companyName} är redan anmält till ${event.name}`, `${input.companyName} is already registered for ${event.name}`),
    preheader: say('Här är länken till er anmälan.', 'Here is the link to your registration.'),
    reason: companyReason(lang, input),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Någon försökte just anmäla ${input.companyName} till ${event.name}, men företaget är redan anmält och du är kontaktperson. Ändra den befintliga anmälan via länken nedan i stället för att anmäla er igen.`,
          `Someone just tried to register ${input.companyName} for ${event.name}, but the company is already registered with you as contact person. Please change the existing registration through the link below instead of registering again.`,
        ),
      },
      {
        type: 'button',
        label: say('Visa eller ändra anmälan', 'View or change the registration'),
        url: input.manageUrl,
      },
      {
        type: 'paragraph',
        text: say(
          'Var det inte någon på ert företag? Då kan du bortse från det här mejlet; anmälan är oförändrad.',
          'Was it nobody from your company? Then you can ignore this email; the registration is unchanged.',
        ),
      },
    ],
  };
}

export function sessionInvite(input: Of<'session_invite' | 'session_invite_cancelled'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  const when = format.range(input.session.startsAt, input.session.endsAt);
  const reason = say(
    `Du får det här mejlet eftersom du är anmäld som deltagare för ${input.companyName} till ${event.name}.`,
    `You are receiving this email because you are registered as an attendee for ${input.companyName} at ${event.name}.`,
  );
  if (input.kind === 'session_invite_cancelled') {
    return {
      subject: say(`Avbokad: ${input.session.title}`, `Cancelled: ${input.session.title}`),
      preheader: say(
        `${input.session.title}, ${when} är borttagen ur ditt program.`,
        `${input.session.title}, ${when} has been removed from your program.`,
      ),
      reason,
      blocks: [
        { type: 'paragraph', text: greeting(lang, input.recipientName) },
        {
          type: 'paragraph',
          text: say(
            'Din plats på den här programpunkten är avbokad. Kalenderposten tas bort när du öppnar den bifogade avbokningen.',
            'Your place in this session is cancelled. The calendar entry is removed when you open the attached cancellation.',
          ),
        },
        sessionDetails(lang, format, input.session),
      ],
    };
  }
  return {
    subject: say(`Inbjudan: ${input.session.title}, ${when}`, `Invitation: ${input.session.title}, ${when}`),
    preheader: say(`Lägg in ${input.session.title} i din kalender.`, `Add ${input.session.title} to your calendar.`),
    reason,
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Du har en plats på den här programpunkten under ${event.name}. Kalenderinbjudan är bifogad: acceptera den för att lägga in tiden i din kalender. Ändras något får du en uppdatering av samma inbjudan.`,
          `You have a place in this session at ${event.name}. The calendar invitation is attached: accept it to add it to your calendar. If anything changes, you will get an update of the same invitation.`,
        ),
      },
      sessionDetails(lang, format, input.session),
      { type: 'details', rows: [[say('Adress', 'Address'), event.venue]] },
    ],
  };
}
