/**
 * The confirmation page's request handling, in the page's frontmatter (only there can Astro redirect or set the
 * status): GET shows the state and changes nothing, POST confirms and goes on to the manage page.
 */
import type { AstroGlobal } from 'astro';
import type { ConfirmationState } from '../../src/domain/confirmation.ts';
import { localePath } from '../i18n/index.ts';

export async function handleConfirmRequest(Astro: AstroGlobal): Promise<ConfirmationState | Response> {
  const { services } = Astro.locals;
  const id = Astro.params.id ?? '';
  const token = Astro.params.token ?? '';
  // The token is in the URL: never send it on to other sites (same-origin keeps this page's own form post working).
  Astro.response.headers.set('Referrer-Policy', 'same-origin');
  Astro.response.headers.set('Cache-Control', 'no-store');
  if (Astro.request.method === 'POST') {
    const result = await services.confirmations.confirm(id, token);
    if (result.ok) return Astro.redirect(`${localePath(result.value.language, `/hantera/${result.value.manageToken}`)}?klar=1`, 303);
  }
  const state = await services.confirmations.state(id, token);
  if (state.state === 'invalid') Astro.response.status = 404;
  else if (state.state === 'released') Astro.response.status = 410;
  return state;
}
