/**
 * Reviewing a proposal through the planning page's plain forms, on Node and inside wrangler dev (D1): planning
 * stores the proposal and redirects to it, the board shows its drafts, "accept all" saves them as proposed visits.
 */
import { describe, expect, inject, it } from 'vitest';
import { registerAndConfirm } from '../support/confirm.ts';
import { registrationBody } from '../support/registrations.ts';
import { signInOverHttp } from '../support/sign-in-http.ts';

const targets = inject('targets');

describe.each(targets)('a proposal reviewed on the board on $name', ({ name, baseUrl }) => {
  it('is stored, shown beside what is saved, and accepted as a whole', async () => {
    const events = (await (await fetch(`${baseUrl}/api/events`)).json()) as { events: { slug: string }[] };
    const slug = events.events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug as string;
    const event = (await (await fetch(`${baseUrl}/api/events/${slug}`)).json()) as {
      sessions: { id: string }[];
      visitSlots: { id: string }[];
    };
    const base = name === 'node' ? 56_000 : 57_000;
    for (let n = 0; n < 3; n++) {
      const body = registrationBody(base + n, [{ sessionIds: [event.sessions[1]?.id as string] }], {
        visitRequest: { slotIds: event.visitSlots.map((s) => s.id), participants: 2, message: '' },
      });
      await registerAndConfirm(baseUrl, slug, body);
    }
    const { cookie, csrf } = await signInOverHttp(baseUrl);
    const board = `${baseUrl}/admin/events/${slug}/planering`;
    const post = (url: string, action: string) =>
      fetch(url, {
        method: 'POST',
        headers: { cookie, origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, _action: action }).toString(),
        redirect: 'manual',
      });

    const planned = await post(board, 'plan');
    expect(planned.status).toBe(303);
    const proposal = new URL(planned.headers.get('location') ?? '', baseUrl);
    expect(proposal.searchParams.get('forslag')).toMatch(/.+/);
    const review = await (await fetch(proposal, { headers: { cookie } })).text();
    expect(review).toContain('Förslag att granska');
    expect(review).toContain('draft-block');

    const accepted = await post(proposal.href, 'accept-all');
    expect(accepted.status).toBe(303);
    const after = new URL(accepted.headers.get('location') ?? '', baseUrl);
    expect(Number(after.searchParams.get('godkant'))).toBeGreaterThanOrEqual(3);
    const done = await (await fetch(after, { headers: { cookie } })).text();
    expect(done).toContain('Förslaget är genomgånget');
    expect(done).not.toContain('draft-block');
  });
});
