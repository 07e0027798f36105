/**
 * The registration form's values: read from a posted form (without JavaScript, so everything comes from
 * named fields), from a stored registration (manage page), or empty; and turned into the API's input
 * shape for the same zod schema the API validates with.
 */
import type { FieldError } from '../../src/domain/errors.ts';
import type { EventDetail } from '../../src/domain/events.ts';
import { fieldError } from '../../src/domain/field-errors.ts';
import type { RegistrationView } from '../../src/domain/registrations.ts';

export interface AttendeeValues {
  name: string;
  email: string;
  sessionIds: string[];
}

export interface FormValues {
  idempotencyKey: string;
  company: { orgNumber: string; name: string; industry: string; address: { street: string; postalCode: string; city: string } };
  contact: { name: string; email: string; phone: string };
  attendees: AttendeeValues[];
  viewpoints: { text: string; topics: string[] };
  wantsVisit: boolean;
  /** `zoneId` is '' for "don't know", `politicians` '' for no wish. */
  visitRequest: { slotIds: string[]; topics: string[]; participants: string; message: string; zoneId: string; politicians: string };
  consent: boolean;
}

export const MAX_ATTENDEES = 20;

const emptyAttendee = (): AttendeeValues => ({ name: '', email: '', sessionIds: [] });

export function emptyValues(): FormValues {
  return {
    idempotencyKey: crypto.randomUUID(),
    company: { orgNumber: '', name: '', industry: '', address: { street: '', postalCode: '', city: '' } },
    contact: { name: '', email: '', phone: '' },
    attendees: [emptyAttendee()],
    viewpoints: { text: '', topics: [] },
    wantsVisit: false,
    visitRequest: { slotIds: [], topics: [], participants: '2', message: '', zoneId: '', politicians: '' },
    consent: false,
  };
}

export function valuesFromView(view: RegistrationView): FormValues {
  return {
    idempotencyKey: crypto.randomUUID(),
    company: {
      orgNumber: view.company.orgNumber,
      name: view.company.name,
      industry: view.company.industry,
      address: { ...view.company.address },
    },
    contact: { ...view.contact },
    attendees: view.attendees.map((a) => ({ name: a.name, email: a.email, sessionIds: a.sessions.map((s) => s.sessionId) })),
    viewpoints: { text: view.viewpoints.text, topics: [...view.viewpoints.topics] },
    wantsVisit: view.visitRequest !== null,
    visitRequest: view.visitRequest
      ? {
          slotIds: [...view.visitRequest.slotIds],
          topics: [...view.visitRequest.topics],
          participants: String(view.visitRequest.participants),
          message: view.visitRequest.message,
          zoneId: view.visitRequest.zoneId ?? '',
          politicians: view.visitRequest.politicians === null ? '' : String(view.visitRequest.politicians),
        }
      : { slotIds: [], topics: [], participants: '2', message: '', zoneId: '', politicians: '' },
    consent: true,
  };
}

export interface PostedForm {
  values: FormValues;
  /** Which button was pressed: `submit`, `add-attendee`, `remove-attendee-N`, `cancel`, … */
  action: string;
  /** The honeypot: people never fill it in. */
  trap: string;
}

export function valuesFromForm(form: FormData): PostedForm {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const list = (name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');
  const count = Math.min(MAX_ATTENDEES, Math.max(1, Number.parseInt(text('attendeeCount'), 10) || 1));
  const attendees = Array.from({ length: count }, (_, i) => ({
    name: text(`attendees.${i}.name`),
    email: text(`attendees.${i}.email`),
    sessionIds: list(`attendees.${i}.sessionIds`),
  }));
  return {
    action: text('_action') || 'submit',
    trap: text('website'),
    values: {
      idempotencyKey: text('idempotencyKey') || crypto.randomUUID(),
      company: {
        orgNumber: text('company.orgNumber'),
        name: text('company.name'),
        industry: text('company.industry'),
        address: {
          street: text('company.address.street'),
          postalCode: text('company.address.postalCode'),
          city: text('company.address.city'),
        },
      },
      contact: { name: text('contact.name'), email: text('contact.email'), phone: text('contact.phone') },
      attendees,
      viewpoints: { text: text('viewpoints.text'), topics: list('viewpoints.topics') },
      wantsVisit: text('wantsVisit') === 'yes',
      visitRequest: {
        slotIds: list('visitRequest.slotIds'),
        topics: list('visitRequest.topics'),
        participants: text('visitRequest.participants'),
        message: text('visitRequest.message'),
        zoneId: text('visitRequest.zoneId'),
        politicians: text('visitRequest.politicians'),
      },
      consent: text('consent') === 'yes',
    },
  };
}

/** Adds or removes an attendee block (the no-JavaScript way: the form posts and comes back). */
export function applyAttendeeAction(values: FormValues, action: string): boolean {
  if (action === 'add-attendee') {
    if (values.attendees.length < MAX_ATTENDEES) values.attendees.push(emptyAttendee());
    return true;
  }
  const remove = /^remove-attendee-(\d+)$/.exec(action);
  if (remove) {
    const index = Number(remove[1]);
    if (values.attendees.length > 1) values.attendees.splice(index, 1);
    return true;
  }
  return false;
}

/** The field to focus after the form comes back from adding (the new attendee's name) or removing an attendee. */
export function focusAfterAction(values: FormValues, action: string): string | undefined {
  if (action === 'add-attendee') return `attendees.${values.attendees.length - 1}.name`;
  if (action.startsWith('remove-attendee-')) return 'attendees';
  return undefined;
}

const sectionOrder = ['company', 'contact', 'attendees', 'viewpoints', 'visitRequest', 'consent'];

/**
 * The schema's errors together with overlapping sessions, in the order of the form. The service finds
 * overlaps only once everything else is valid; checking here too shows every problem in one round.
 */
export function withOverlapErrors(errors: FieldError[], values: FormValues, event: EventDetail, lang: 'sv' | 'en'): FieldError[] {
  const all = [...errors];
  for (const [a, attendee] of values.attendees.entries()) {
    const chosen = event.sessions.filter((s) => attendee.sessionIds.includes(s.id)).sort((x, y) => x.startsAt.localeCompare(y.startsAt));
    if (chosen.some((s, i) => i > 0 && s.startsAt < (chosen[i - 1] as typeof s).endsAt)) {
      all.push(fieldError(`attendees.${a}.sessionIds`, 'sessions_overlap', lang));
    }
  }
  const rank = (path: string) => {
    const [section = '', index = '0'] = path.split('.');
    const order = sectionOrder.indexOf(section);
    return (order === -1 ? sectionOrder.length : order) * 1000 + (section === 'attendees' ? Number(index) || 0 : 0);
  };
  return all
    .map((error, i) => ({ error, i }))
    .sort((x, y) => rank(x.error.path) - rank(y.error.path) || x.i - y.i)
    .map((x) => x.error);
}

/** The visit request as the API takes it: "don't know" (or no zone select at all) is no zone; "no preference" no wish. */
const visitRequestInput = (values: FormValues) =>
  values.wantsVisit
    ? { ...values.visitRequest, zoneId: values.visitRequest.zoneId || null, politicians: values.visitRequest.politicians || null }
    : null;

/** The API's input shape, for RegistrationInputSchema. */
export function registrationInput(values: FormValues, lang: 'sv' | 'en') {
  return {
    company: values.company,
    contact: values.contact,
    attendees: values.attendees,
    viewpoints: values.viewpoints,
    visitRequest: visitRequestInput(values),
    consent: values.consent,
    language: lang,
  };
}

/** The change shape, for RegistrationChangeSchema (the organisation number and consent stay). */
export function changeInput(values: FormValues, lang: 'sv' | 'en') {
  const { orgNumber: _orgNumber, ...company } = values.company;
  return {
    company,
    contact: values.contact,
    attendees: values.attendees,
    viewpoints: values.viewpoints,
    visitRequest: visitRequestInput(values),
    language: lang,
  };
}

/** The id of the form control for a field path (`attendees.0.email` → `f-attendees-0-email`). */
export const fieldId = (path: string) => `f-${path.replaceAll('.', '-')}`;

/**
 * Field errors by the path of the control that shows them: errors on one item of a list
 * (`attendees.0.sessionIds.2`) belong to the list's group.
 */
export function errorsByField(errors: readonly FieldError[]): Map<string, string> {
  const byField = new Map<string, string>();
  for (const error of errors) {
    const path = error.path.replace(/\.(sessionIds|slotIds|topics)\.\d+$/, '.$1');
    if (!byField.has(path)) byField.set(path, error.message);
  }
  return byField;
}
