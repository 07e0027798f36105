/**
 * Emails about company visits (to the company and to the hosts), the day-before reminders and the
 * organiser's sign-in link.
 */
import { createFormatter, type Formatter } from './format.ts';
import type { Block, EmailContent } from './layout.ts';
import { greeting, pick, programBlocks } from './registration.ts';
import type { EmailInput, EmailLanguage, VisitDetails } from './types.ts';

type Of<K extends EmailInput['kind']> = Extract<EmailInput, { kind: K }>;

function visitRows(lang: EmailLanguage, format: Formatter, visit: VisitDetails, companyName?: string): Block {
  const say = pick(lang);
  const rows: [string, string][] = [];
  if (companyName !== undefined) rows.push([say('Företag', 'Company'), companyName]);
  rows.push([say('Tid', 'Time'), format.range(visit.startsAt, visit.endsAt)]);
  rows.push([say('Adress', 'Address'), visit.address]);
  if (visit.topics.length) rows.push([say('Ämnen', 'Topics'), visit.topics.join('\n')]);
  if (visit.delegation.length) {
    rows.push([
      say('Från kommunen', 'From the municipality'),
      visit.delegation.map((member) => (member.role ? `${member.name}, ${member.role}` : member.name)).join('\n'),
    ]);
  }
  return { type: 'details', rows };
}

const companyReason = (lang: EmailLanguage, companyName: string, eventName: string) =>
  pick(lang)(
    `Du får det här mejlet eftersom du är kontaktperson för ${companyName} och har önskat ett företagsbesök under ${eventName}.`,
    `You are receiving this email because you are the contact person for ${companyName} and asked for a company visit during ${eventName}.`,
  );

const hostReason = (lang: EmailLanguage, eventName: string) =>
  pick(lang)(
    `Du får det här mejlet eftersom du är värd för företagsbesök under ${eventName}.`,
    `You are receiving this email because you are a host for company visits during ${eventName}.`,
  );

export function visitRequestReceived(input: Of<'visit_request_received'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  return {
    subject: say('Vi har tagit emot ert önskemål om företagsbesök', 'We have received your request for a company visit'),
    preheader: say(`Önskemål från ${input.companyName} till ${event.name}.`, `Request from ${input.companyName} for ${event.name}.`),
    reason: companyReason(lang, input.companyName, event.name),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Tack! Vi har tagit emot önskemålet om ett företagsbesök hos ${input.companyName}. När besöken är planerade får ni ett mejl med tid och vilka från kommunen som kommer, och en kalenderinbjudan.`,
          `Thank you! We have received the request for a company visit to ${input.companyName}. Once visits are planned, you will get an email with the time, who from the municipality is coming, and a calendar invitation.`,
        ),
      },
      { type: 'heading', text: say('Tider som passar er', 'Times that suit you') },
      { type: 'list', items: input.slots.map((slot) => format.range(slot.startsAt, slot.endsAt)) },
      ...(input.topics.length
        ? ([
            { type: 'heading', text: say('Ämnen ni vill ta upp', 'Topics you want to discuss') },
            { type: 'list', items: input.topics },
          ] as Block[])
        : []),
      {
        type: 'button',
        label: say('Visa eller ändra önskemålet', 'View or change the request'),
        url: input.manageUrl,
      },
    ],
  };
}

export function visitConfirmed(input: Of<'visit_confirmed'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  const when = format.range(input.visit.startsAt, input.visit.endsAt);
  return {
    subject: say(`Företagsbesök bekräftat: ${when}`, `Company visit confirmed: ${when}`),
    preheader: say(`Kommunen besöker ${input.companyName} ${when}.`, `The municipality visits ${input.companyName} on ${when}.`),
    reason: companyReason(lang, input.companyName, event.name),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Företagsbesöket hos ${input.companyName} är bokat. Kalenderinbjudan är bifogad; ändras något får ni en uppdatering av samma inbjudan.`,
          `The company visit to ${input.companyName} is booked. The calendar invitation is attached; if anything changes, you will get an update of the same invitation.`,
        ),
      },
      visitRows(lang, format, input.visit),
      {
        type: 'button',
        label: say('Visa anmälan', 'View the registration'),
        url: input.manageUrl,
        note: say(
          'Kan ni inte ta emot besöket? Hör av er via länken eller till kontaktpersonen nedan.',
          'Cannot receive the visit? Let us know through the link or contact us below.',
        ),
      },
    ],
  };
}

export function visitAssignment(input: Of<'visit_assignment'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  const when = format.range(input.visit.startsAt, input.visit.endsAt);
  return {
    subject: say(`Företagsbesök: ${input.companyName}, ${when}`, `Company visit: ${input.companyName}, ${when}`),
    preheader: say(`Du besöker ${input.companyName} ${when}.`, `You are visiting ${input.companyName} on ${when}.`),
    reason: hostReason(lang, event.name),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Du är med på ett företagsbesök hos ${input.companyName} under ${event.name}. Kalenderinbjudan är bifogad.`,
          `You are part of a company visit to ${input.companyName} during ${event.name}. The calendar invitation is attached.`,
        ),
      },
      visitRows(lang, format, input.visit, input.companyName),
      {
        type: 'details',
        rows: [
          [
            say('Kontaktperson', 'Contact person'),
            [input.contact.name, input.contact.phone, input.contact.email].filter(Boolean).join('\n'),
          ],
          [say('Deltagare från företaget', 'People from the company'), String(input.participants)],
        ],
      },
      ...(input.companyMessage.trim()
        ? ([
            { type: 'heading', text: say('Företagets meddelande', "The company's message") },
            { type: 'quote', text: input.companyMessage },
          ] as Block[])
        : []),
    ],
  };
}

export function visitChanged(input: Of<'visit_changed'>): EmailContent {
  const { lang, event, visit, previous } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  const when = format.range(visit.startsAt, visit.endsAt);
  const moved = previous.startsAt !== visit.startsAt || previous.endsAt !== visit.endsAt;
  const changes: [string, string][] = [];
  if (moved) changes.push([say('Tidigare tid', 'Previous time'), format.range(previous.startsAt, previous.endsAt)]);
  if (previous.address !== visit.address) changes.push([say('Tidigare adress', 'Previous address'), previous.address]);
  return {
    subject: say(`Ändrat företagsbesök: ${input.companyName}, ${when}`, `Company visit changed: ${input.companyName}, ${when}`),
    preheader: say('Besöket har ändrats. Se den nya informationen.', 'The visit has changed. See the new details.'),
    reason: input.audience === 'company' ? companyReason(lang, input.companyName, event.name) : hostReason(lang, event.name),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'notice',
        text: moved
          ? say(
              `Företagsbesöket hos ${input.companyName} har flyttats till ${when}.`,
              `The company visit to ${input.companyName} has moved to ${when}.`,
            )
          : say(`Företagsbesöket hos ${input.companyName} har ändrats.`, `The company visit to ${input.companyName} has changed.`),
      },
      visitRows(lang, format, visit, input.audience === 'host' ? input.companyName : undefined),
      ...(changes.length ? [{ type: 'details', rows: changes } as Block] : []),
      {
        type: 'paragraph',
        text: say(
          'Den bifogade kalenderuppdateringen ersätter den tidigare inbjudan i din kalender.',
          'The attached calendar update replaces the earlier invitation in your calendar.',
        ),
      },
    ],
  };
}

export function visitCancelled(input: Of<'visit_cancelled'>): EmailContent {
  const { lang, event, visit } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  const when = format.range(visit.startsAt, visit.endsAt);
  return {
    subject: say(`Inställt företagsbesök: ${input.companyName}, ${when}`, `Company visit cancelled: ${input.companyName}, ${when}`),
    preheader: say('Besöket blir inte av.', 'The visit will not take place.'),
    reason: input.audience === 'company' ? companyReason(lang, input.companyName, event.name) : hostReason(lang, event.name),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'notice',
        text: say(
          `Företagsbesöket hos ${input.companyName} ${when} är inställt.`,
          `The company visit to ${input.companyName} on ${when} is cancelled.`,
        ),
      },
      { type: 'details', rows: [[say('Adress', 'Address'), visit.address]] },
      ...(input.reason.trim() ? ([{ type: 'quote', text: input.reason }] as Block[]) : []),
      {
        type: 'paragraph',
        text: say(
          'Den bifogade avbokningen tar bort besöket ur din kalender.',
          'The attached cancellation removes the visit from your calendar.',
        ),
      },
    ],
  };
}

export function reminder(input: Of<'reminder'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  const subject = say(`Påminnelse: ${event.name} i morgon`, `Reminder: ${event.name} tomorrow`);
  if (input.audience === 'host') {
    return {
      subject,
      preheader: say(`Dina företagsbesök i morgon: ${input.visits.length}.`, `Your company visits tomorrow: ${input.visits.length}.`),
      reason: hostReason(lang, event.name),
      blocks: [
        { type: 'paragraph', text: greeting(lang, input.recipientName) },
        {
          type: 'paragraph',
          text: input.visits.length
            ? say(
                `I morgon är det ${event.name}. Här är dina företagsbesök i tidsordning:`,
                `Tomorrow is ${event.name}. These are your company visits in order:`,
              )
            : say(
                `I morgon är det ${event.name}. Du har inga företagsbesök inbokade.`,
                `Tomorrow is ${event.name}. You have no company visits booked.`,
              ),
        },
        ...[...input.visits]
          .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
          .flatMap((visit): Block[] => [
            { type: 'heading', text: `${format.timeRange(visit.startsAt, visit.endsAt)} ${visit.companyName}` },
            visitRows(lang, format, visit),
          ]),
      ],
    };
  }
  return {
    subject,
    preheader: say(`Välkomna till ${event.name} i morgon.`, `Welcome to ${event.name} tomorrow.`),
    reason: pick(lang)(
      `Du får det här mejlet eftersom du är kontaktperson för ${input.companyName} i anmälan till ${event.name}.`,
      `You are receiving this email because you are the contact person for ${input.companyName} in the registration for ${event.name}.`,
    ),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Välkomna till ${event.name} i morgon, ${event.venue}. Här är programmet för ${input.companyName}:`,
          `Welcome to ${event.name} tomorrow at ${event.venue}. This is the program for ${input.companyName}:`,
        ),
      },
      ...programBlocks(lang, format, input.attendees),
      ...(input.visit
        ? ([{ type: 'heading', text: say('Företagsbesök', 'Company visit') }, visitRows(lang, format, input.visit)] as Block[])
        : []),
      {
        type: 'button',
        label: say('Visa eller ändra anmälan', 'View or change the registration'),
        url: input.manageUrl,
        note: say(
          'Kan någon inte komma? Avboka via länken så att någon annan kan få platsen.',
          'Cannot someone come? Cancel through the link so someone else can have the place.',
        ),
      },
    ],
  };
}

export function organiserLogin(input: Of<'organiser_login'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  return {
    subject: say('Din inloggningslänk till Mötesdagen', 'Your sign-in link for Mötesdagen'),
    preheader: say(`Länken gäller i ${input.validMinutes} minuter.`, `The link is valid for ${input.validMinutes} minutes.`),
    reason: say(
      `Du får det här mejlet eftersom någon bad om en inloggningslänk för din adress som arrangör av ${event.name}. Bad du inte om den kan du bortse från mejlet.`,
      `You are receiving this email because someone asked for a sign-in link for your address as an organiser of ${event.name}. If it was not you, you can ignore this email.`,
    ),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Använd knappen för att logga in. Länken gäller i ${input.validMinutes} minuter och kan bara användas en gång.`,
          `Use the button to sign in. The link is valid for ${input.validMinutes} minutes and works only once.`,
        ),
      },
      {
        type: 'button',
        label: say('Logga in', 'Sign in'),
        url: input.loginUrl,
        note: say('Länken är personlig: dela den inte.', 'The link is personal: do not share it.'),
      },
    ],
  };
}

export function hostInvitation(input: Of<'host_invitation'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  const format = createFormatter(lang, event.timeZone);
  return {
    subject: say(`Vilka tider kan du gå på företagsbesök under ${event.name}?`, `When can you go on company visits during ${event.name}?`),
    preheader: say('Fyll i dina tider och ämnen på din personliga sida.', 'Fill in your times and topics on your personal page.'),
    reason: hostReason(lang, event.name),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Under ${event.name} besöker politiker och tjänstepersoner företag runt om i kommunen. Berätta vilka tider du kan och vilka ämnen du kan prata om, så planerar vi besöken efter det.`,
          `During ${event.name}, politicians and officials visit companies around the municipality. Tell us which times you can make and which topics you can speak about, and we will plan the visits accordingly.`,
        ),
      },
      { type: 'heading', text: say('Tiderna för besök', 'The visit times') },
      { type: 'list', items: input.slots.map((slot) => format.range(slot.startsAt, slot.endsAt)) },
      {
        type: 'button',
        label: say('Fyll i mina tider', 'Fill in my times'),
        url: input.hostUrl,
        note: say(
          'Länken är personlig. På samma sida ser du dina bekräftade besök och kan prenumerera på dem i din kalender.',
          'The link is personal. On the same page you will see your confirmed visits and can subscribe to them in your calendar.',
        ),
      },
    ],
  };
}
