/**
 * Emails that guard the public form: the one message a new registration sends before its contact confirms (what
 * the click does, in plain words), the word that unconfirmed places were released, and the organisers' alert when
 * registrations arrive faster than the event's threshold.
 */
import type { EmailContent } from './layout.ts';
import { greeting, pick } from './registration.ts';
import type { EmailInput } from './types.ts';

type Of<K extends EmailInput['kind']> = Extract<EmailInput, { kind: K }>;

export function registrationConfirmRequest(input: Of<'registration_confirm_request'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  return {
    subject: say(`Bekräfta er anmälan till ${event.name}`, `Confirm your registration for ${event.name}`),
    preheader: say(
      'Först när ni klickar skickas bekräftelser och kalenderinbjudningar till era deltagare.',
      'Only when you click are confirmations and calendar invitations sent to your attendees.',
    ),
    reason: say(
      `Du får det här mejlet eftersom någon anmälde ${input.companyName} till ${event.name} med din adress som kontaktperson. Var det inte du? Klicka inte; då släpps platserna efter ${input.holdHours} timmar och ingen annan får något mejl.`,
      `You are receiving this email because someone registered ${input.companyName} for ${event.name} with your address as contact person. Was it not you? Do not click; the places are then released after ${input.holdHours} hours and nobody else receives any email.`,
    ),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Bekräfta er anmälan — först när ni klickar skickas bekräftelser och kalenderinbjudningar till era deltagare (${input.attendeeCount} st).`,
          `Confirm your registration — only when you click are confirmations and calendar invitations sent to your attendees (${input.attendeeCount}).`,
        ),
      },
      {
        type: 'button',
        label: say('Bekräfta anmälan', 'Confirm the registration'),
        url: input.confirmUrl,
        note: say(
          `Platserna hålls i ${input.holdHours} timmar. Bekräftar ni inte inom den tiden släpps de till andra.`,
          `The places are held for ${input.holdHours} hours. If you do not confirm within that time they go to others.`,
        ),
      },
    ],
  };
}

export function registrationReleased(input: Of<'registration_released'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  return {
    subject: say(`Anmälan släppt: ${event.name}`, `Registration released: ${event.name}`),
    preheader: say('Anmälan bekräftades aldrig.', 'The registration was never confirmed.'),
    reason: say(
      `Du får det här mejlet eftersom din adress angavs som kontaktperson för ${input.companyName}.`,
      `You are receiving this email because your address was given as contact person for ${input.companyName}.`,
    ),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `Anmälan för ${input.companyName} till ${event.name} bekräftades inte inom ${input.holdHours} timmar, så platserna är släppta till andra. Deltagarna har inte fått något mejl.`,
          `The registration of ${input.companyName} for ${event.name} was not confirmed within ${input.holdHours} hours, so its places have gone to others. The attendees have received no email.`,
        ),
      },
      {
        type: 'paragraph',
        text: say(
          'Vill ni ändå delta? Anmäl er igen så länge anmälan är öppen.',
          'Do you still want to take part? Register again while registration is open.',
        ),
      },
    ],
  };
}

export function registrationBurstAlert(input: Of<'registration_burst_alert'>): EmailContent {
  const { lang, event } = input;
  const say = pick(lang);
  return {
    subject: say(`Ovanligt många anmälningar: ${event.name}`, `Unusually many registrations: ${event.name}`),
    preheader: say(`${input.count} anmälningar på ${input.minutes} minuter.`, `${input.count} registrations in ${input.minutes} minutes.`),
    reason: say(
      `Du får det här mejlet eftersom du är arrangör av ${event.name}. Nästa varning kommer tidigast om ${input.minutes} minuter.`,
      `You are receiving this email because you organise ${event.name}. The next alert comes ${input.minutes} minutes from now at the earliest.`,
    ),
    blocks: [
      { type: 'paragraph', text: greeting(lang, input.recipientName) },
      {
        type: 'paragraph',
        text: say(
          `${input.count} anmälningar har kommit in de senaste ${input.minutes} minuterna, fler än gränsen ${input.threshold}. Ser det ut som missbruk kan du pausa anmälan med ett klick: formuläret och API:t tar då inte emot nya anmälningar eller ändringar förrän du öppnar igen.`,
          `${input.count} registrations have arrived in the last ${input.minutes} minutes, more than the limit of ${input.threshold}. If it looks like abuse you can pause registration with one click: the form and API then take no new registrations or changes until you reopen.`,
        ),
      },
      { type: 'button', label: say('Öppna evenemanget', 'Open the event'), url: input.adminUrl },
    ],
  };
}
