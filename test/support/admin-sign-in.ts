/**
 * Organisers' sign-in as they do it, for browser tests: ask for a link at /admin, read it in the
 * development mailbox, open it and confirm.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_ORGANISER_EMAIL } from '../../db/demo-event.ts';

/** The newest sign-in link mailed to the demo organiser, read in the development mailbox. */
export async function linkFromMailbox(page: Page, baseUrl: string): Promise<string> {
  await page.goto(`${baseUrl}/dev/mailbox`);
  const row = page.locator('tr', { hasText: DEMO_ORGANISER_EMAIL }).filter({ hasText: 'organiser_login' }).first();
  await row.getByRole('link').click();
  const text = (await page.locator('pre.mail-text').first().textContent()) ?? '';
  const link = /https?:\/\/\S+\/admin\/login\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  expect(link, 'the sign-in email carries the link').toBeDefined();
  return link as string;
}

/** Signs the page's context in as the demo organiser; ends on the admin start page. */
export async function signInAsOrganiser(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('E-postadress').fill(DEMO_ORGANISER_EMAIL);
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  await page.waitForURL(/skickad=1/);
  await page.goto(await linkFromMailbox(page, baseUrl));
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(`${baseUrl}/admin`);
}
