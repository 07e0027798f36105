/**
 * Keyboard use of the visit request and the manage page's change form: with JavaScript on and "Nej" chosen, the
 * visit request's fields leave the tab order (and come back with "Ja"); after "Ta bort deltagare" the manage page
 * says that nothing is saved yet and still shows the organisation number. In Chromium, checked with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { registerAndConfirm } from '../support/confirm.ts';
import { compatibleSessions, control, type DemoEvent, demoEvent, focusMatches, tabTo } from '../support/registration-page.ts';
import { orgNumber, registrationBody } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const n = 30301;
let browser: Browser;
let event: DemoEvent;

beforeAll(async () => {
  [browser, event] = await Promise.all([launchBrowser(), demoEvent(baseUrl)]);
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  // bypassCSP: axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, ...options });
  return context.newPage();
}

const yes = '#f-wantsVisit-0';
const no = '#f-wantsVisit-1';

describe('the visit request with the keyboard', () => {
  it('leaves the tab order while "Nej" is chosen, and comes back with "Ja"', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/anmalan/${event.slug}`);
    expect(await page.locator(no).isChecked()).toBe(true);
    await page.locator(no).focus();
    // From "Nej" the next stop is the consent, not the first of the visit's times.
    await page.keyboard.press('Tab');
    expect(await focusMatches(page, '#f-consent')).toBe(true);
    expect(await page.getByRole('group', { name: 'Vilka tider passar?' }).isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    // Back to the radio group, and "Ja" with the arrow key, as keyboard users choose in a radio group.
    await tabTo(page, no, { back: true });
    await page.keyboard.press('ArrowUp');
    expect(await page.locator(yes).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focusMatches(page, '#f-visitRequest-slotIds-0')).toBe(true);
    expect(await page.getByRole('group', { name: 'Vilka tider passar?' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('keeps every field in reach without JavaScript', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${baseUrl}/anmalan/${event.slug}`);
    expect(await page.locator(no).isChecked()).toBe(true);
    expect(await page.getByRole('group', { name: 'Vilka tider passar?' }).isVisible()).toBe(true);
    await page.locator(no).focus();
    await page.keyboard.press('Tab');
    expect(await focusMatches(page, '#f-visitRequest-slotIds-0')).toBe(true);
  });
});

describe('removing an attendee on the manage page', () => {
  it('says the change is not saved yet, keeps the organisation number, and saves only when asked', async () => {
    const [first, second] = compatibleSessions(event, 2, 0);
    const { manageUrl } = await registerAndConfirm(
      baseUrl,
      event.slug,
      registrationBody(n, [
        { name: 'Ada Först', sessionIds: [first?.id as string] },
        { name: 'Bo Sist', sessionIds: [second?.id as string] },
      ]),
    );
    const token = new URL(manageUrl).pathname.split('/').pop() as string;
    const attendees = async () =>
      ((await (await fetch(`${baseUrl}/api/registrations/${token}`)).json()) as { attendees: { name: string }[] }).attendees.map(
        (a) => a.name,
      );

    const page = await newPage();
    await page.goto(manageUrl);
    const orgNumberLine = page.locator('p', { hasText: 'Organisationsnummer:' });
    // Open "Ändra anmälan" and press "Ta bort deltagare 2" with the keyboard.
    await tabTo(page, 'details.change > summary');
    await page.keyboard.press('Enter');
    await tabTo(page, 'button[value="remove-attendee-1"]');
    await page.keyboard.press('Enter');
    await page.waitForLoadState('load');
    await page.locator('#attendee-1').waitFor({ state: 'detached' });

    const notice = page.getByRole('status').filter({ hasText: 'inte sparad' });
    expect(await notice.textContent()).toBe('Ändringen är inte sparad än. Spara ändringarna längst ned i formuläret när du är klar.');
    expect(await orgNumberLine.textContent()).toContain(orgNumber(n));
    expect(await attendees()).toEqual(['Ada Först', 'Bo Sist']);
    expect(await axeViolations(page)).toEqual([]);

    await tabTo(page, 'form .button-primary[value="save"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/sparad=1/);
    expect(await page.getByRole('status').filter({ hasText: 'inte sparad' }).count()).toBe(0);
    expect(await attendees()).toEqual(['Ada Först']);
    expect(await orgNumberLine.textContent()).toContain(orgNumber(n));
    expect(await control(page, 'attendees.0.name').inputValue()).toBe('Ada Först');
  });
});
