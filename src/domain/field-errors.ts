/**
 * Field error codes and their Swedish and English messages: the one place both the API (problem+json
 * `errors`) and the pages (messages beside each field) take them from.
 */
import type { FieldError } from './errors.ts';

export type Lang = 'sv' | 'en';

export const fieldMessages = {
  required: { sv: 'Fyll i fältet.', en: 'This field is required.' },
  invalid: { sv: 'Värdet är inte giltigt.', en: 'The value is not valid.' },
  too_long: { sv: 'Texten är för lång.', en: 'The text is too long.' },
  invalid_slug_characters: {
    sv: 'Adressen får bara innehålla små bokstäver a–z, siffror och bindestreck: inga mellanslag, versaler eller å, ä och ö.',
    en: 'The address may only contain lower-case letters a–z, digits and hyphens: no spaces, capitals or å, ä and ö.',
  },
  invalid_slug_start: {
    sv: 'Adressen ska börja med en bokstav eller en siffra, inte ett bindestreck.',
    en: 'The address must begin with a letter or a digit, not a hyphen.',
  },
  line_break: {
    sv: 'Skriv allt på en rad: fältet tar inte radbrytningar eller tabbar.',
    en: 'Write it on one line: this field takes no line breaks or tabs.',
  },
  control_character: {
    sv: 'Texten innehåller osynliga styrtecken (till exempel för textriktning) som inte är tillåtna. Skriv in texten igen.',
    en: 'The text contains invisible control characters (for example for text direction) that are not allowed. Please type it again.',
  },
  too_many: { sv: 'Du har valt för många.', en: 'Too many items are selected.' },
  unknown_field: { sv: 'Okänt fält.', en: 'Unknown field.' },
  invalid_org_number_format: {
    sv: 'Skriv organisationsnumret som NNNNNN-NNNN, eller en enskild firmas personnummer som ÅÅÅÅMMDD-NNNN.',
    en: 'Write the organisation number as NNNNNN-NNNN, or a sole trader’s personal identity number as YYYYMMDD-NNNN.',
  },
  invalid_org_number: {
    sv: 'Organisationsnumret stämmer inte. Kontrollera siffrorna.',
    en: 'The organisation number is not valid. Please check the digits.',
  },
  invalid_email: {
    sv: 'Skriv en giltig e-postadress, till exempel namn@foretag.se.',
    en: 'Enter a valid email address, for example name@company.com.',
  },
  invalid_phone: { sv: 'Skriv ett telefonnummer, till exempel 070-123 45 67.', en: 'Enter a phone number, for example +46 70 123 45 67.' },
  invalid_postal_code: {
    sv: 'Skriv postnumret med fem siffror, till exempel 611 30.',
    en: 'Enter the postal code as five digits, for example 611 30.',
  },
  choose_industry: { sv: 'Välj en bransch.', en: 'Choose an industry.' },
  attendee_required: { sv: 'Lägg till minst en deltagare.', en: 'Add at least one attendee.' },
  too_many_attendees: {
    sv: 'Högst {max} deltagare per företag till det här evenemanget. Ta bort deltagare för att kunna skicka.',
    en: 'At most {max} attendees per company for this event. Remove attendees to continue.',
  },
  choose_session: { sv: 'Välj minst en programpunkt.', en: 'Choose at least one session.' },
  sessions_overlap: {
    sv: 'Två av de valda programpunkterna är samtidigt. Välj bara en av dem.',
    en: 'Two of the chosen sessions take place at the same time. Choose only one of them.',
  },
  unknown_session: { sv: 'Programpunkten finns inte i det här evenemanget.', en: 'The session is not part of this event.' },
  unknown_slot: { sv: 'Tiden finns inte i det här evenemanget.', en: 'The time is not part of this event.' },
  unknown_topic: { sv: 'Ämnet finns inte i det här evenemanget.', en: 'The topic is not part of this event.' },
  unknown_zone: {
    sv: 'Området finns inte i det här evenemanget. Välj ett område i listan eller ”Vet inte”.',
    en: 'The area is not part of this event. Choose an area from the list or “Don’t know”.',
  },
  choose_slot: { sv: 'Välj minst en tid som passar för besöket.', en: 'Choose at least one time that suits the visit.' },
  invalid_politicians: {
    sv: 'Välj hur många politiker ni vill träffa i listan, eller ”Ingen önskan”.',
    en: 'Choose how many politicians you would like to meet from the list, or “No preference”.',
  },
  too_many_politicians: {
    sv: 'Så många politiker kommer inte på ett besök vid det här evenemanget. Välj ett lägre antal i listan.',
    en: 'This event does not send that many politicians on one visit. Choose a lower number from the list.',
  },
  invalid_participants: {
    sv: 'Ange hur många från företaget som deltar, 1–50.',
    en: 'Enter how many people from the company will take part, 1–50.',
  },
  consent_required: {
    sv: 'Du behöver godkänna hur vi hanterar personuppgifterna för att kunna anmäla företaget.',
    en: 'You need to accept how we handle personal data to register the company.',
  },
} satisfies Record<string, Record<Lang, string>>;

export type FieldCode = keyof typeof fieldMessages;

export const isFieldCode = (value: string): value is FieldCode => Object.hasOwn(fieldMessages, value);

interface IssueLike {
  path: readonly PropertyKey[];
  code: string;
  message: string;
  input?: unknown;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
}

/** "Texten är för lång: högst 120 tecken." — the limit said with the error, so the writer knows how much to cut. */
export function tooLongMessage(maximum: unknown, lang: Lang): string {
  if (typeof maximum !== 'number' && typeof maximum !== 'bigint') return fieldMessages.too_long[lang];
  const limit = new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB').format(maximum);
  return lang === 'sv' ? `Texten är för lång: högst ${limit} tecken.` : `The text is too long: at most ${limit} characters.`;
}

/** Maps a zod issue to one of our codes: schemas put our code in `message`; built-in checks are mapped here. */
function codeOf(issue: IssueLike): FieldCode {
  if (isFieldCode(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === '' ? 'required' : 'invalid';
    case 'too_small':
      return issue.origin === 'array' ? 'too_many' : 'required';
    case 'too_big':
      return issue.origin === 'array' ? 'too_many' : 'too_long';
    case 'unrecognized_keys':
      return 'unknown_field';
    default:
      return 'invalid';
  }
}

/** Field errors with dotted paths and messages in `lang`. */
export function fieldErrors(issues: readonly IssueLike[], lang: Lang): FieldError[] {
  return issues.map((issue) => {
    const code = codeOf(issue);
    const message = code === 'too_long' && issue.origin === 'string' ? tooLongMessage(issue.maximum, lang) : fieldMessages[code][lang];
    return { path: issue.path.map(String).join('.') || '(root)', code, message };
  });
}

/**
 * A field error for a code found by a rule outside the schema (e.g. overlapping sessions); `values` fill the
 * message's `{name}` places (e.g. the event's limit).
 */
export const fieldError = (path: string, code: FieldCode, lang: Lang, values: Record<string, string | number> = {}): FieldError => ({
  path,
  code,
  message: fieldMessages[code][lang].replace(/\{(\w+)\}/g, (place, name: string) => String(values[name] ?? place)),
});
