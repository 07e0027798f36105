/** The CSV template for importing hosts (UTF-8 with BOM, semicolons), for organisers of the event. */
import type { APIRoute } from 'astro';
import { SESSION_COOKIE } from '../../../../../../src/domain/access/service.ts';

export const GET: APIRoute = async ({ params, cookies, locals, redirect }) => {
  const { services } = locals;
  const actor = await services.access.authenticateSession(cookies.get(SESSION_COOKIE)?.value);
  if (!actor) return redirect('/admin', 303);
  const event = await services.access.events.forActor(actor, params.slug ?? '');
  if (!event.ok)
    return new Response('Du har inte behörighet till evenemanget.', { status: event.error.code === 'event_not_found' ? 404 : 403 });
  return new Response(services.setup.hosts.template(), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="vardar-${event.value.slug}.csv"`,
      'cache-control': 'no-store',
    },
  });
};
