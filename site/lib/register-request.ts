/**
 * The registration page's request handling (GET and POST), run in the page's own frontmatter: Astro can
 * only redirect, rewrite or set the status and headers there, before the page starts streaming; from
 * inside a component a redirect fails with "The response has already been sent".
 */
import type { AstroGlobal } from 'astro';
import type { FieldError } from '../../src/domain/errors.ts';
import type { EventDetail } from '../../src/domain/events.ts';
import { fieldErrors } from '../../src/domain/field-errors.ts';
import { RegistrationInputSchema } from '../../src/domain/registration-input.ts';
import { dictionaries, type Lang, localePath } from '../i18n/index.ts';
import {
  applyAttendeeAction,
  emptyValues,
  type FormValues,
  focusAfterAction,
  registrationInput,
  valuesFromForm,
  withOverlapErrors,
} from './registration-form.ts';

export interface RegisterState {
  event: EventDetail;
  values: FormValues;
  errors: FieldError[];
  notice?: string;
  /** The path of the field to focus when the page loads (after adding or removing an attendee). */
  focus?: string;
  /** The form was sent: the page says to check the email (the same whether or not the company was registered already). */
  sent?: boolean;
}

export async function handleRegisterRequest(Astro: AstroGlobal, lang: Lang): Promise<RegisterState | Response> {
  const r = dictionaries[lang].register;
  const slug = Astro.params.slug ?? '';
  const { services } = Astro.locals;
  const event = await services.events.getPublic(slug);
  if (!event) return Astro.rewrite(localePath(lang, '/404'));

  const state: RegisterState = { event, values: emptyValues(), errors: [], sent: Astro.url.searchParams.has('skickad') };
  if (Astro.request.method !== 'POST') return state;
  const sent = () => Astro.redirect(`${localePath(lang, `/anmalan/${slug}`)}?skickad=1`, 303);

  const posted = valuesFromForm(await Astro.request.formData());
  state.values = posted.values;
  if (posted.trap) {
    // A bot filled in the hidden field: answer as if all went well, store nothing.
    return Astro.redirect(localePath(lang, '/'), 303);
  }
  if (applyAttendeeAction(state.values, posted.action)) {
    state.focus = focusAfterAction(state.values, posted.action);
    return state;
  }
  const parsed = RegistrationInputSchema.safeParse(registrationInput(state.values, lang));
  if (!parsed.success) {
    state.errors = withOverlapErrors(fieldErrors(parsed.error.issues, lang), state.values, event, lang);
  } else {
    const result = await services.registrations.register(slug, parsed.data, { idempotencyKey: state.values.idempotencyKey, lang });
    // A company already registered gets the same answer as a new one: its contact is mailed their own link, and
    // nothing here tells an anonymous caller which it was.
    if (result.ok || result.error.code === 'already_registered') return sent();
    const code = result.error.code;
    if (code === 'validation_failed') state.errors = result.error.fieldErrors ?? [];
    else if (code === 'registration_closed') state.notice = r.closed;
    else if (code === 'registration_paused') state.notice = r.paused;
    else state.notice = r.failed;
  }
  if (state.errors.length) Astro.response.status = 422;
  else if (state.notice) Astro.response.status = state.notice === r.paused ? 423 : 409;
  return state;
}
