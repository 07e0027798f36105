/**
 * Signs in as the demo organiser over plain HTTP, as a browser does: ask for a link, read it in the development
 * mailbox (this machine only), post the link's form. Returns the session cookie and the session's CSRF token.
 */
import { DEMO_ORGANISER_EMAIL } from '../../db/demo-event.ts';

export async function signInOverHttp(baseUrl: string): Promise<{ cookie: string; csrf: string }> {
  const asked = await fetch(`${baseUrl}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ORGANISER_EMAIL }),
  });
  if (asked.status !== 202) throw new Error(`sign-in link refused: ${asked.status}`);
  const mailbox = await (await fetch(`${baseUrl}/dev/mailbox`)).text();
  const row = mailbox.split('<tr').find((r) => r.includes(DEMO_ORGANISER_EMAIL) && r.includes('organiser_login'));
  const id = /href="\/dev\/mailbox\/([^"]+)"/.exec(row ?? '')?.[1];
  if (!id) throw new Error('no sign-in email in the mailbox');
  const message = await (await fetch(`${baseUrl}/dev/mailbox/${id}`)).text();
  const token = /\/admin\/login\/([A-Za-z0-9_-]{43})/.exec(message)?.[1];
  if (!token) throw new Error('no sign-in link in the email');
  const signedIn = await fetch(`${baseUrl}/admin/login/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: '',
    redirect: 'manual',
  });
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie.includes('=')) throw new Error(`no session cookie: ${signedIn.status}`);
  const page = await (await fetch(`${baseUrl}/admin/tokens`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on an admin page');
  return { cookie, csrf };
}
