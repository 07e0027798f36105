/**
 * Company registration (issue 3) in a real browser: two attendees on a phone, the same without JavaScript,
 * every kind of error with a focused error summary that links to each field, a keyboard-only registration,
 * the honeypot, English messages, and axe-core (WCAG 2.1 AA) on the form, its error state and the privacy page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { confirmationLinkFromMailbox } from '../support/confirm.ts';
import {
  compatibleSessions,
  control,
  type DemoEvent,
  type DemoSession,
  demoEvent,
  fillSession,
  focusMatches,
  overlappingPair,
  placesOnHomePage,
  screenshot,
  tabTo,
} from '../support/registration-page.ts';
import { orgNumber } from '../support/registrations.ts';

const baseUrl = inject('baseUrl');
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };
/** What the confirmation shows for each booked session. */
const placeStatus = /^(Bekräftad|Väntelista, plats \d+)$/;
const confirmationUrl = /\/hantera\/[A-Za-z0-9_-]{20,}\?klar=1$/;

let browser: Browser;
let event: DemoEvent;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [browser, event] = await Promise.all([launchBrowser(), demoEvent(baseUrl)]);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function newPage(viewport = desktop, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  // bypassCSP: axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
  const context = await browser.newContext({ viewport, bypassCSP: true, ...options });
  contexts.push(context);
  return context.newPage();
}

async function openForm(page: Page, lang: 'sv' | 'en' = 'sv'): Promise<void> {
  const response = await page.goto(`${baseUrl}${lang === 'en' ? '/en' : ''}/anmalan/${event.slug}`);
  expect(response?.status()).toBe(200);
}

/** Visible text with whitespace collapsed. */
async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Changing an organisation number's last digit breaks its Luhn check digit and keeps the format. */
function withWrongCheckDigit(valid: string): string {
  const last = Number(valid.at(-1));
  return `${valid.slice(0, -1)}${(last + 1) % 10}`;
}

interface Attendee {
  name: string;
  email: string;
  sessions: DemoSession[];
}

/** Fills the company and contact person through the visible labels (Swedish form). */
async function fillCompany(page: Page, n: number): Promise<string> {
  const company = `Testföretag ${n} AB`;
  await page.getByLabel(/^Organisationsnummer/).fill(orgNumber(n));
  await page.getByLabel(/^Företagets namn/).fill(company);
  await page.getByLabel(/^Bransch/).selectOption({ label: 'Bygg och anläggning' });
  await page.getByLabel(/^Besöksadress/).fill(`Industrivägen ${n}`);
  await page.getByLabel(/^Postnummer/).fill('611 30');
  await page.getByLabel(/^Ort/).fill('Norrvik');
  const contact = page.getByRole('group', { name: 'Kontaktperson' });
  await contact.getByLabel(/^Namn/).fill(`Kontakt ${n}`);
  await contact.getByLabel(/^E-post/).fill(`kontakt@foretag${n}.se`);
  await contact.getByLabel(/^Telefon/).fill('070-123 45 67');
  return company;
}

async function fillAttendee(page: Page, index: number, attendee: Attendee): Promise<void> {
  const block = page.locator('.attendee').nth(index);
  expect(await block.locator('h3').textContent()).toBe(`Deltagare ${index + 1}`);
  await block.getByLabel(/^Namn/).fill(attendee.name);
  await block.getByLabel(/^E-post/).fill(attendee.email);
  const sessions = block.getByRole('group', { name: `Programpunkter för deltagare ${index + 1}` });
  for (const s of attendee.sessions) await sessions.getByRole('checkbox', { name: s.title.sv }).check();
}

async function addAttendee(page: Page, expectedCount: number): Promise<void> {
  await page.getByRole('button', { name: 'Lägg till deltagare' }).click();
  await page
    .locator('.attendee')
    .nth(expectedCount - 1)
    .waitFor();
  expect(await page.locator('.attendee').count()).toBe(expectedCount);
}

/**
 * After sending, the form says to check the email; the contact opens the link from the mailbox and clicks the
 * button, which lands on the manage page.
 */
async function confirmByEmail(page: Page, contact: string): Promise<void> {
  await page.waitForURL(/\/anmalan\/[^/?]+\?skickad=1$/, { timeout: 10_000 }).catch(async (error: Error) => {
    throw new Error(`no "check your email" at ${page.url()}: ${(await page.content()).slice(0, 3000)}`, { cause: error });
  });
  expect(await text(page, '[role="status"]')).toContain('Kolla er e-post');
  const link = await confirmationLinkFromMailbox(baseUrl, contact);
  await page.goto(`${baseUrl}/bekrafta/${link.id}/${link.token}`);
  await page.getByRole('button', { name: 'Bekräfta anmälan' }).click();
}

/**
 * The confirmation (the manage page with ?klar=1, reached through the contact's confirmation) lists each attendee's
 * sessions with a status: by default either one, or exactly what `statusOf` says for a session.
 */
async function expectConfirmation(
  page: Page,
  company: string,
  contact: string,
  attendees: Attendee[],
  statusOf: (s: DemoSession) => RegExp | string = () => placeStatus,
): Promise<void> {
  await confirmByEmail(page, contact);
  await page.waitForURL(confirmationUrl, { timeout: 10_000 }).catch(async (error: Error) => {
    throw new Error(`no confirmation at ${page.url()}: ${(await page.content()).slice(0, 3000)}`, { cause: error });
  });
  expect(await text(page, 'h1')).toBe(`Er anmälan: ${company}`);
  expect(await text(page, '[role="status"]')).toContain('Tack! Anmälan är bekräftad.');
  for (const attendee of attendees) {
    const block = page.getByRole('region', { name: attendee.name });
    const items = block.locator('li');
    expect(await items.count()).toBe(attendee.sessions.length);
    for (const s of attendee.sessions) {
      const item = items.filter({ hasText: s.title.sv });
      expect(await item.count()).toBe(1);
      const status = statusOf(s);
      if (typeof status === 'string') expect(await item.locator('.status').textContent(), s.title.sv).toBe(status);
      else expect(await item.locator('.status').textContent(), s.title.sv).toMatch(status);
    }
  }
}

async function registerTwoAttendees(
  page: Page,
  n: number,
  options: { screenName?: string; secondSessions?: DemoSession[]; statusOf?: (s: DemoSession) => RegExp | string } = {},
): Promise<void> {
  const { screenName, statusOf } = options;
  await openForm(page);
  const company = await fillCompany(page, n);
  const first: Attendee = { name: `Alva ${n}`, email: `alva@foretag${n}.se`, sessions: compatibleSessions(event, 2, 0) };
  const second: Attendee = {
    name: `Bo ${n}`,
    email: `bo@foretag${n}.se`,
    sessions: options.secondSessions ?? compatibleSessions(event, 2, 2),
  };
  await fillAttendee(page, 0, first);
  await addAttendee(page, 2);
  // Adding an attendee posts the form: what was typed comes back.
  expect(await page.getByLabel(/^Organisationsnummer/).inputValue()).toBe(orgNumber(n));
  expect(await page.locator('.attendee').first().getByLabel(/^Namn/).inputValue()).toBe(first.name);
  for (const s of first.sessions) {
    expect(await page.locator('.attendee').first().getByRole('checkbox', { name: s.title.sv }).isChecked()).toBe(true);
  }
  await fillAttendee(page, 1, second);
  await page.getByLabel(/^Jag godkänner/).check();
  if (screenName) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    await screenshot(page, `${screenName}-form`);
  }
  await page.getByRole('button', { name: 'Skicka anmälan' }).click();
  await expectConfirmation(page, company, `kontakt@foretag${n}.se`, [first, second], statusOf);
  if (screenName) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    await screenshot(page, `${screenName}-confirmation`);
  }
}

describe('registration form', () => {
  it('registers a company with two attendees on a phone and shows each session as confirmed or waiting list', async () => {
    const page = await newPage(phone);
    await registerTwoAttendees(page, 30001, { screenName: 'registration-phone' });
  });

  it('registers a company with two attendees with JavaScript disabled, one of them on a waiting list', async () => {
    // The smallest session is filled up first (through the API), so the second attendee is waitlisted.
    const [other] = compatibleSessions(event, 1, 2) as [DemoSession];
    const full = event.sessions.filter((s) => s.startsAt >= other.endsAt).reduce((a, b) => (b.remaining < a.remaining ? b : a));
    await fillSession(baseUrl, event, full.id, 30201);
    const page = await newPage(desktop, { javaScriptEnabled: false });
    await registerTwoAttendees(page, 30002, {
      secondSessions: [other, full],
      statusOf: (s) => (s.id === full.id ? 'Väntelista, plats 1' : 'Bekräftad'),
    });
  });

  it('shows every kind of error in a focused summary linked to each field, and keeps what was typed', async () => {
    const page = await newPage(desktop);
    await openForm(page);
    const [same1, same2] = overlappingPair(event);
    const typed: Record<string, string> = {
      'company.orgNumber': '55-1234',
      'company.name': '',
      'company.address.street': '',
      'company.address.postalCode': '6113',
      'company.address.city': 'Norrvik',
      'contact.name': 'Kim Kontakt',
      'contact.email': 'kim.foretag.se',
      'contact.phone': 'ring mig',
      'attendees.0.name': 'Alva Andersson',
      'attendees.0.email': '',
      'viewpoints.text': 'Snabbare bygglov, tack.',
      'visitRequest.message': 'Ring på vid grinden.',
    };
    // The visit request's fields show once "Ja" is chosen (with JavaScript on they are hidden while "Nej" is).
    await page.getByLabel('Ja, vi vill gärna ha ett företagsbesök').check();
    for (const [path, value] of Object.entries(typed)) if (!path.startsWith('attendees.1')) await control(page, path).fill(value);
    await addAttendee(page, 2);
    typed['attendees.1.name'] = '';
    typed['attendees.1.email'] = 'bo@foretag.se';
    await control(page, 'attendees.1.email').fill(typed['attendees.1.email']);
    const second = page.getByRole('group', { name: 'Programpunkter för deltagare 2' });
    await second.getByRole('checkbox', { name: same1.title.sv }).check();
    await second.getByRole('checkbox', { name: same2.title.sv }).check();
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.locator('.error-summary').waitFor();

    // The summary takes focus when the page loads, without a script.
    // autofocus runs at the browser's next rendering step, which can come just after the element appears.
    await expect.poll(() => focusMatches(page, '.error-summary')).toBe(true);
    expect(await text(page, '.error-summary h2')).toBe('Rätta följande och skicka igen:');
    const required = 'Fyll i fältet.';
    const expected: [string, string, string][] = [
      [
        'company.orgNumber',
        'Organisationsnummer',
        'Skriv organisationsnumret som NNNNNN-NNNN, eller en enskild firmas personnummer som ÅÅÅÅMMDD-NNNN.',
      ],
      ['company.name', 'Företagets namn', required],
      ['company.industry', 'Bransch', 'Välj en bransch.'],
      ['company.address.street', 'Besöksadress', required],
      ['company.address.postalCode', 'Postnummer', 'Skriv postnumret med fem siffror, till exempel 611 30.'],
      ['contact.email', 'Kontaktperson, e-post', 'Skriv en giltig e-postadress, till exempel namn@foretag.se.'],
      ['contact.phone', 'Kontaktperson, telefon', 'Skriv ett telefonnummer, till exempel 070-123 45 67.'],
      ['attendees.0.email', 'Deltagare 1, e-post', required],
      ['attendees.0.sessionIds', 'Programpunkter för deltagare 1', 'Välj minst en programpunkt.'],
      ['attendees.1.name', 'Deltagare 2, namn', required],
      ['attendees.1.sessionIds', 'Programpunkter för deltagare 2', 'Två av de valda programpunkterna är samtidigt. Välj bara en av dem.'],
      ['visitRequest.slotIds', 'Vilka tider passar?', 'Välj minst en tid som passar för besöket.'],
      ['consent', 'Personuppgifter', 'Du behöver godkänna hur vi hanterar personuppgifterna för att kunna anmäla företaget.'],
    ];
    const links = page.locator('.error-summary a');
    const summary = await links.evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent?.trim() })));
    expect(summary).toEqual(
      expected.map(([path, label, message]) => ({ href: `#f-${path.replaceAll('.', '-')}`, text: `${label}: ${message}` })),
    );

    for (const [index, [path, , message]] of expected.entries()) {
      const id = `f-${path.replaceAll('.', '-')}`;
      await links.nth(index).click();
      expect(await page.evaluate(() => document.activeElement?.id), `focus after the link to ${path}`).toBe(id);
      const wiring = await page.evaluate((fieldId) => {
        const field = document.getElementById(fieldId) as HTMLElement;
        const error = document.getElementById(`${fieldId}-error`);
        // The message sits in the block marked as having an error (the red bar) together with its field.
        const container = field.closest('.field-error');
        return {
          describedBy: (field.getAttribute('aria-describedby') ?? '').split(/\s+/),
          message: error?.textContent?.trim(),
          nextToField: Boolean(error && container?.contains(error) && container.querySelectorAll('.error-message').length === 1),
          invalid: field.tagName === 'FIELDSET' ? 'true' : field.getAttribute('aria-invalid'),
        };
      }, id);
      expect(wiring, path).toEqual({ describedBy: expect.arrayContaining([`${id}-error`]), message, nextToField: true, invalid: 'true' });
    }

    // Everything typed or chosen is still there.
    for (const [path, value] of Object.entries(typed)) expect(await control(page, path).inputValue(), path).toBe(value);
    expect(await control(page, 'company.industry').inputValue()).toBe('');
    expect(await page.locator('.attendee').count()).toBe(2);
    expect(await second.getByRole('checkbox', { name: same1.title.sv }).isChecked()).toBe(true);
    expect(await second.getByRole('checkbox', { name: same2.title.sv }).isChecked()).toBe(true);
    expect(await page.getByRole('group', { name: 'Programpunkter för deltagare 1' }).locator(':checked').count()).toBe(0);
    expect(await page.getByLabel('Ja, vi vill gärna ha ett företagsbesök').isChecked()).toBe(true);
    expect(await page.getByLabel(/^Jag godkänner/).isChecked()).toBe(false);

    await screenshot(page, 'registration-errors');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the errors in English on the English form, including a wrong check digit', async () => {
    const page = await newPage(desktop);
    await openForm(page, 'en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await control(page, 'company.orgNumber').fill(withWrongCheckDigit(orgNumber(30003)));
    await control(page, 'company.name').fill('Wrong Digits Ltd');
    await control(page, 'contact.email').fill('not-an-address');
    await page.getByRole('button', { name: 'Send registration' }).click();
    await page.locator('.error-summary').waitFor();
    // autofocus runs at the browser's next rendering step, which can come just after the element appears.
    await expect.poll(() => focusMatches(page, '.error-summary')).toBe(true);
    expect(await text(page, '.error-summary h2')).toBe('Please correct the following and submit again:');
    const summary = await page.locator('.error-summary a').allTextContents();
    expect(summary).toEqual(
      expect.arrayContaining([
        'Organisation number: The organisation number is not valid. Please check the digits.',
        'Industry: Choose an industry.',
        'Visiting address: This field is required.',
        'Contact person, email: Enter a valid email address, for example name@company.com.',
        'Sessions for attendee 1: Choose at least one session.',
        'Personal data: You need to accept how we handle personal data to register the company.',
      ]),
    );
    expect(await text(page, '#f-company-orgNumber-error')).toBe('The organisation number is not valid. Please check the digits.');
    expect(await control(page, 'company.orgNumber').getAttribute('aria-describedby')).toContain('f-company-orgNumber-error');
    expect(await control(page, 'company.orgNumber').inputValue()).toBe(withWrongCheckDigit(orgNumber(30003)));
    expect(await text(page, 'main')).not.toMatch(/Fyll i fältet|Välj en bransch/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('registers with the keyboard alone: Tab, Shift+Tab, Space and Enter', async () => {
    const page = await newPage(desktop);
    await openForm(page);
    const n = 30004;
    const [first, second] = [compatibleSessions(event, 1, 1), compatibleSessions(event, 1, 4)];
    const option = (s: DemoSession) => event.sessions.indexOf(s);
    const typeInto = async (path: string, value: string) => {
      await tabTo(page, `#f-${path.replaceAll('.', '-')}`);
      await page.keyboard.type(value);
    };

    // The skip link comes first, then the header, then the form.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hoppa till innehållet');
    await typeInto('company.orgNumber', orgNumber(n));
    await typeInto('company.name', `Tangentbordet ${n} AB`);
    await typeInto('company.industry', 'Bygg');
    await typeInto('company.address.street', 'Tangentvägen 1');
    await typeInto('company.address.postalCode', '61130');
    await typeInto('company.address.city', 'Norrvik');
    await typeInto('contact.name', 'Tea Tangent');
    await typeInto('contact.email', `tea@tangent${n}.se`);
    await typeInto('contact.phone', '+46 70 123 45 67');
    await typeInto('attendees.0.name', 'Tea Tangent');
    await typeInto('attendees.0.email', `tea@tangent${n}.se`);
    await tabTo(page, `#f-attendees-0-sessionIds-${option(first[0] as DemoSession)}`);
    await page.keyboard.press('Space');
    await tabTo(page, 'button[value="add-attendee"]');
    await page.keyboard.press('Enter');
    await page.locator('#attendee-1').waitFor();

    // After adding an attendee, focus is on the new attendee's name, not back at the top of the page.
    await page.waitForFunction(() => document.activeElement?.id === 'f-attendees-1-name', null, { timeout: 2000 });
    await page.keyboard.type('Ulf Tangent');
    await typeInto('attendees.1.email', `ulf@tangent${n}.se`);
    await tabTo(page, `#f-attendees-1-sessionIds-${option(second[0] as DemoSession)}`);
    await page.keyboard.press('Space');

    // Past the consent to the submit button, then back with Shift+Tab to tick it.
    await tabTo(page, '.registration-form .button-primary');
    await tabTo(page, '#f-consent', { back: true });
    await page.keyboard.press('Space');
    expect(await page.locator('#f-consent').isChecked()).toBe(true);
    expect(await control(page, 'company.industry').inputValue()).toBe('bygg');
    await tabTo(page, '.registration-form .button-primary');
    await page.keyboard.press('Enter');
    await expectConfirmation(page, `Tangentbordet ${n} AB`, `tea@tangent${n}.se`, [
      { name: 'Tea Tangent', email: '', sessions: first },
      { name: 'Ulf Tangent', email: '', sessions: second },
    ]);
  });

  it('asks where the visit takes place in a labelled select, without JavaScript, and keeps the chosen area', async () => {
    const zones = (event as DemoEvent & { zones: { id: string; name: string }[] }).zones;
    expect(zones.length).toBeGreaterThan(0);
    const zone = zones[zones.length - 1] as { id: string; name: string };
    const page = await newPage(desktop, { javaScriptEnabled: false });
    await openForm(page);
    const n = 30006;
    const company = await fillCompany(page, n);
    const attendee: Attendee = { name: `Zia ${n}`, email: `zia@foretag${n}.se`, sessions: compatibleSessions(event, 1, 3) };
    await fillAttendee(page, 0, attendee);
    await page.getByLabel('Ja, vi vill gärna ha ett företagsbesök').check();
    await page.getByRole('group', { name: 'Vilka tider passar?' }).getByRole('checkbox').first().check();

    // A select found by its visible label, with a "don't know" choice first and the event's areas by name.
    const select = page.getByLabel('Område/ort där besöket sker', { exact: true });
    expect(await select.evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await select.getAttribute('name')).toBe('visitRequest.zoneId');
    expect(await select.inputValue()).toBe('');
    const options = await select
      .locator('option')
      .evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent?.trim()]));
    expect(options).toEqual([['', 'Vet inte'], ...zones.map((z) => [z.id, z.name])]);
    expect(await select.getAttribute('aria-describedby')).toBe('f-visitRequest-zoneId-hint');
    await select.selectOption({ label: zone.name });
    await page.getByLabel(/^Jag godkänner/).check();
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await expectConfirmation(page, company, `kontakt@foretag${n}.se`, [attendee]);

    // The confirmation says where, and the change form has the area chosen.
    expect(await text(page, '.visit-summary')).toContain(`Område/ort där besöket sker: ${zone.name}`);
    expect(await page.getByLabel('Område/ort där besöket sker', { exact: true }).inputValue()).toBe(zone.id);
  });

  it('labels the area select in English', async () => {
    const page = await newPage(desktop);
    await openForm(page, 'en');
    const select = page.getByLabel('Area of the visit', { exact: true });
    expect(await select.evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await select.locator('option').first().textContent()).toBe('Don’t know');
  });

  it('stores nothing when the hidden honeypot field is filled in', async () => {
    const page = await newPage(desktop);
    const [session] = compatibleSessions(event, 1, event.sessions.length - 1) as [DemoSession];
    const before = await placesOnHomePage(page, baseUrl, session.title.sv);
    expect(before).toMatch(/^\d+ platser? kvar$/);

    const fillIn = async () => {
      await openForm(page);
      await fillCompany(page, 30005);
      await fillAttendee(page, 0, { name: 'Honung Bi', email: 'bi@foretag30005.se', sessions: [session] });
      await page.getByLabel(/^Jag godkänner/).check();
    };
    await fillIn();
    // People never see the field; a bot fills in every input.
    await page.locator('input[name="website"]').fill('https://spam.example', { force: true });
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.waitForURL(`${baseUrl}/`);
    expect(await placesOnHomePage(page, baseUrl, session.title.sv)).toBe(before);

    // The same company without the honeypot registers: nothing was stored under its number the first time.
    await fillIn();
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await confirmByEmail(page, 'kontakt@foretag30005.se');
    await page.waitForURL(confirmationUrl);
    expect(await placesOnHomePage(page, baseUrl, session.title.sv)).not.toBe(before);
  });
});

describe('accessibility of the public pages (axe-core, WCAG 2.1 AA)', () => {
  for (const path of ['/anmalan/:slug', '/en/anmalan/:slug', '/integritet', '/en/integritet']) {
    it(`finds no violation on ${path}`, async () => {
      const page = await newPage(path.includes('anmalan') && path.startsWith('/en') ? phone : desktop);
      const response = await page.goto(`${baseUrl}${path.replace(':slug', event.slug)}`);
      expect(response?.status()).toBe(200);
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
