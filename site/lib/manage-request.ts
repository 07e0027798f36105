/**
 * The manage page's request handling (GET and the form posts), run in the page's own frontmatter: Astro
 * can only redirect or set the status and headers there, before the page starts streaming.
 */
import type { AstroGlobal } from 'astro';
import type { FieldError } from '../../src/domain/errors.ts';
import type { EventDetail } from '../../src/domain/events.ts';
import { fieldErrors } from '../../src/domain/field-errors.ts';
import { OrgNumberSchema, RegistrationChangeSchema } from '../../src/domain/registration-input.ts';
import type { RegistrationView } from '../../src/domain/registrations.ts';
import { type Lang, localePath } from '../i18n/index.ts';
import {
  applyAttendeeAction,
  changeInput,
  type FormValues,
  focusAfterAction,
  valuesFromForm,
  valuesFromView,
  withOverlapErrors,
} from './registration-form.ts';

export interface ManageState {
  token: string;
  /** This page's path, in the page's language. */
  here: string;
  view?: RegistrationView;
  event?: EventDetail;
  values?: FormValues;
  errors: FieldError[];
  /** The change form is open (it came back with errors, or an attendee was added or removed). */
  editing: boolean;
  /** An attendee was added or removed in the form: nothing is saved until the company saves the change. */
  unsaved: boolean;
  /** The personal data was just erased. */
  erased: boolean;
  /** A new link was asked for (the answer never says whether the company is registered). */
  linkRequested: boolean;
  linkError?: string;
  focus?: string;
}

export async function handleManageRequest(Astro: AstroGlobal, lang: Lang): Promise<ManageState | Response> {
  const token = Astro.params.token ?? '';
  const { services } = Astro.locals;
  // The token is in the URL: never send it on to other sites. Not `no-referrer`: with it the browser sends
  // `Origin: null` on this page's own form posts, and Astro's origin check refuses them.
  Astro.response.headers.set('Referrer-Policy', 'same-origin');
  Astro.response.headers.set('Cache-Control', 'no-store');

  const here = localePath(lang, `/hantera/${token}`);
  const view = await services.registrations.get(token);
  const state: ManageState = {
    token,
    here,
    view,
    values: view ? valuesFromView(view) : undefined,
    errors: [],
    editing: false,
    unsaved: false,
    erased: false,
    linkRequested: false,
  };

  // A link that does not work (old, replaced, mistyped): offer a new one by organisation number.
  if (!view && Astro.request.method === 'POST') {
    const form = await Astro.request.formData();
    const parsed = OrgNumberSchema.safeParse(form.get('orgNumber') ?? '');
    if (parsed.success) {
      await services.registrations.requestNewLink(parsed.data);
      state.linkRequested = true;
    } else {
      state.linkError = fieldErrors(parsed.error.issues, lang)[0]?.message;
      Astro.response.status = 422;
      return state;
    }
  }

  if (view && Astro.request.method === 'POST') {
    const posted = valuesFromForm(await Astro.request.formData());
    switch (posted.action) {
      case 'cancel-confirmed': {
        await services.registrations.cancel(token);
        return Astro.redirect(`${here}?avbokad=1`, 303);
      }
      case 'erase-confirmed': {
        const result = await services.registrations.erase(token);
        state.erased = result.ok;
        state.view = undefined;
        break;
      }
      case 'withdraw-visit': {
        const result = await services.registrations.change(token, { visitRequest: null }, lang);
        // Say what was done: a booked visit is cancelled (everyone gets a cancellation), a request is withdrawn.
        if (result.ok) return Astro.redirect(`${here}?besok=${view.visit ? 'avbokat' : 'borttaget'}`, 303);
        break;
      }
      default: {
        const values = posted.values;
        // The form does not post the organisation number (it cannot change): keep showing the registered one.
        values.company.orgNumber = view.company.orgNumber;
        state.values = values;
        state.editing = true;
        if (applyAttendeeAction(values, posted.action)) {
          state.focus = focusAfterAction(values, posted.action);
          state.unsaved = true;
        } else {
          const parsed = RegistrationChangeSchema.safeParse(changeInput(values, lang));
          if (!parsed.success) {
            const errors = fieldErrors(parsed.error.issues, lang);
            const event = await services.events.getPublic(view.event.slug);
            state.errors = event ? withOverlapErrors(errors, values, event, lang) : errors;
          } else {
            const result = await services.registrations.change(token, parsed.data, lang);
            if (result.ok) return Astro.redirect(`${here}?sparad=1`, 303);
            state.errors = result.error.fieldErrors ?? [];
          }
        }
        if (state.errors.length) Astro.response.status = 422;
      }
    }
  }

  state.event = state.view ? await services.events.getPublic(state.view.event.slug) : undefined;
  if (!state.view && !state.erased && !state.linkRequested && !state.linkError) Astro.response.status = 404;
  return state;
}
