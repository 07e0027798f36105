/**
 * Helpers for the browser tests of the registration form and the manage page: the demo event read from the
 * API, choosing sessions that do (or do not) overlap, keyboard-only focus moves and screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { projectRoot } from './node-server.ts';
import { registrationBody } from './registrations.ts';

export interface DemoSession {
  id: string;
  title: { sv: string; en: string };
  startsAt: string;
  endsAt: string;
  remaining: number;
  isFull: boolean;
}

export interface DemoEvent {
  slug: string;
  sessions: DemoSession[];
  visitSlots: { id: string; startsAt: string; endsAt: string }[];
  topics: { id: string; slug: string }[];
}

/** The demo event (`stora-motesdagen-…`) with its program, as the public API describes it now. */
export async function demoEvent(baseUrl: string): Promise<DemoEvent> {
  const list = (await (await fetch(`${baseUrl}/api/events`)).json()) as { events: { slug: string }[] };
  const slug = list.events.find((e) => e.slug.startsWith('stora-motesdagen-'))?.slug;
  if (!slug) throw new Error('the demo event is missing from GET /api/events');
  return (await (await fetch(`${baseUrl}/api/events/${slug}`)).json()) as DemoEvent;
}

const overlaps = (a: DemoSession, b: DemoSession) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/** Two sessions of the program that take place at the same time. */
export function overlappingPair(event: DemoEvent): [DemoSession, DemoSession] {
  for (const [i, a] of event.sessions.entries()) {
    const b = event.sessions.slice(i + 1).find((s) => overlaps(a, s));
    if (b) return [a, b];
  }
  throw new Error('the demo program has no two sessions at the same time');
}

/** `count` sessions one person can attend together, chosen from the program starting at `from`. */
export function compatibleSessions(event: DemoEvent, count: number, from = 0): DemoSession[] {
  const chosen: DemoSession[] = [];
  for (const s of event.sessions.slice(from)) {
    if (chosen.length < count && !s.isFull && chosen.every((c) => !overlaps(c, s))) chosen.push(s);
  }
  if (chosen.length < count) throw new Error(`the demo program has no ${count} compatible sessions from ${from}`);
  return chosen;
}

/** The form control for a field path, by the id the form gives it (`contact.email` → `#f-contact-email`). */
export const control = (page: Page, path: string): Locator => page.locator(`#f-${path.replaceAll('.', '-')}`);

/** Whether the focused element matches a CSS selector. */
export function focusMatches(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

/**
 * Moves focus with Tab (or Shift+Tab) until the focused element matches `selector`, as a keyboard user
 * would; fails if it is not reached within `max` presses.
 */
export async function tabTo(page: Page, selector: string, options: { back?: boolean; max?: number } = {}): Promise<number> {
  const max = options.max ?? 150;
  for (let presses = 0; presses <= max; presses++) {
    if (await focusMatches(page, selector)) return presses;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${selector} was not reached with ${max} presses of ${options.back ? 'Shift+Tab' : 'Tab'}`);
}

export const screensDir = join(projectRoot, 'test-results', 'screens');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screensDir, { recursive: true });
  await page.screenshot({ path: join(screensDir, `${name}.png`), fullPage: true });
}

/** The remaining places the public home page shows for a session, e.g. "38 platser kvar". */
export async function placesOnHomePage(page: Page, baseUrl: string, title: string): Promise<string> {
  await page.goto(`${baseUrl}/`);
  const session = page.locator('.session').filter({ has: page.locator('.session-title', { hasText: title }) });
  return (await session.locator('.places').textContent()) ?? '';
}

/**
 * Fills a session's remaining places through the public API (registrations of at most 20 attendees, with
 * organisation numbers `orgNumber(firstN)`, `orgNumber(firstN + 1)`, …) so the next attendee is waitlisted.
 */
export async function fillSession(baseUrl: string, event: DemoEvent, sessionId: string, firstN: number): Promise<void> {
  const detail = (await (await fetch(`${baseUrl}/api/events/${event.slug}`)).json()) as DemoEvent;
  let left = detail.sessions.find((s) => s.id === sessionId)?.remaining ?? 0;
  for (let n = firstN; left > 0; n++) {
    const count = Math.min(5, left);
    const body = registrationBody(
      n,
      Array.from({ length: count }, () => ({ sessionIds: [sessionId] })),
    );
    const response = await fetch(`${baseUrl}/api/events/${event.slug}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 202) throw new Error(`filling the session failed: ${response.status} ${await response.text()}`);
    left -= count;
  }
}
