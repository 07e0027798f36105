/**
 * Every email sample rendered in Chromium at 600 px: a screenshot per template under test-results/emails/,
 * no horizontal overflow, Swedish letters intact, and data never turned into markup.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmailInput, renderEmail } from '../../emails/index.ts';
import { sampleEmails } from '../../emails/samples.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { projectRoot } from '../support/node-server.ts';

const outputDir = join(projectRoot, 'test-results/emails');
const samples = sampleEmails();
const label = (input: EmailInput) => `${input.kind}${'audience' in input ? `-${input.audience}` : ''}-${input.lang}`;
const hostileWord = `<b>fet</b>{{contact.name}}${'Ö'.repeat(120)}`;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 600, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
});

async function show(html: string) {
  await page.setContent(html, { waitUntil: 'load' });
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
    text: document.body.innerText,
    elements: [...document.body.querySelectorAll('*')].map((element) => element.tagName.toLowerCase()),
    pwned: (window as unknown as { __pwned?: number }).__pwned,
  }));
}

describe('email templates in Chromium', () => {
  it.each(samples.map((input) => [label(input), input] as const))('%s fits 600 px and shows its text intact', async (name, input) => {
    const email = renderEmail(input);
    const rendered = await show(email.html);
    await page.screenshot({ path: join(outputDir, `${name}.png`), fullPage: true });

    expect(rendered.scrollWidth).toBeLessThanOrEqual(rendered.clientWidth);
    expect(rendered.text).toContain('Stora Mötesdagen 2027');
    expect(rendered.text).toContain('Näringslivskontoret, Nyköpings kommun');
    if ('recipientName' in input) expect(rendered.text).toContain(input.recipientName);
    if ('companyName' in input) expect(rendered.text).toContain(input.companyName);
    expect(rendered.text).not.toMatch(/\uFFFD|Ã|{{|<\w/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each(samples.filter((input) => input.lang === 'sv').map((input) => [label(input), input] as const))(
    '%s shows hostile data as text and still fits',
    async (_name, input) => {
      const poisoned = {
        ...input,
        ...('recipientName' in input ? { recipientName: `<img src=x onerror="window.__pwned=1">${hostileWord}` } : {}),
        ...('companyName' in input ? { companyName: hostileWord } : {}),
        event: { ...input.event, name: hostileWord, venue: hostileWord },
      } as EmailInput;
      const rendered = await show(renderEmail(poisoned).html);
      expect(rendered.pwned).toBeUndefined();
      expect(rendered.elements).not.toContain('img');
      expect(rendered.elements).not.toContain('b');
      expect(rendered.text).toContain(hostileWord);
      expect(rendered.scrollWidth).toBeLessThanOrEqual(rendered.clientWidth);
    },
  );
});
