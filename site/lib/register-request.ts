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
}

export async function handleRegisterRequest(Astro: AstroGlobal, lang: Lang): Promise<RegisterState | Response> {
  const r = dictionaries[lang].register;
  const slug = Astro.params.slug ?? '';
  const { services } = Astro.locals;
  const event = await services.events.getPublic(slug);
  if (!event) return Astro.rewrite(localePath(lang, '/404'));

  const state: RegisterState = { event, values: emptyValues(), errors: [] };
  if (Astro.request.method !== 'POST') return state;

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
    if (result.ok) {
      return Astro.redirect(`${localePath(lang, `/hantera/${result.value.manageToken}`)}?klar=1`, 303);
    }
    const code = result.error.code;
    if (code === 'validation_failed') state.errors = result.error.fieldErrors ?? [];
    else if (code === 'already_registered') state.notice = r.alreadyRegistered;
    else if (code === 'registration_closed') state.notice = r.closed;
    else state.notice = r.failed;
  }
  if (state.errors.length) Astro.response.status = 422;
  else if (state.notice) Astro.response.status = 409;
  return state;
}
