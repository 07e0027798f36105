/**
 * The one layout every email shares, and the few content blocks templates are made of. Templates only hand
 * over plain strings; this module is the only place that writes HTML, so every value is escaped here.
 * HTML for Outlook: tables for layout, inline styles, no external resources, 600 px wide at most.
 */
import type { EmailEvent, EmailLanguage } from './types.ts';

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; text: string }
  /** Label–value rows, e.g. Tid / Plats. */
  | { type: 'details'; rows: [label: string, value: string][] }
  | { type: 'list'; items: string[] }
  /** A highlighted box for the one thing that must not be missed. */
  | { type: 'notice'; text: string }
  /** A link as a button, with the address written out as well for clients that hide buttons. */
  | { type: 'button'; label: string; url: string; note?: string }
  /** A quotation of what someone else wrote (e.g. the company's message). */
  | { type: 'quote'; text: string };

export interface EmailContent {
  subject: string;
  /** The first line inbox lists show next to the subject. */
  preheader: string;
  blocks: Block[];
  /** Why the recipient gets this mail, for the footer. */
  reason: string;
}

const FONT = "Arial, 'Helvetica Neue', Helvetica, sans-serif";
const TEXT_COLOUR = '#1f2933';
const MUTED = '#4a5563';
const BRAND = '#1d4f91';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Text with its line breaks kept. */
const multiline = (value: string) => escapeHtml(value).replace(/\r\n|\r|\n/g, '<br>');

/** Only web links become links; anything else (javascript:, data:) is shown as text. */
function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s"<>]+$/i.test(url);
}

/** One line, no control characters: header-safe. */
export function oneLine(value: string): string {
  let result = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    result += code < 0x20 || code === 0x7f ? ' ' : char;
  }
  return result.replace(/\s+/g, ' ').trim();
}

const paragraphStyle = `margin:0 0 16px 0;font-family:${FONT};font-size:16px;line-height:24px;color:${TEXT_COLOUR};`;

function blockHtml(lang: EmailLanguage, block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="${paragraphStyle}">${multiline(block.text)}</p>`;
    case 'heading':
      return `<h2 style="margin:24px 0 8px 0;font-family:${FONT};font-size:18px;line-height:24px;color:${TEXT_COLOUR};font-weight:bold;">${escapeHtml(block.text)}</h2>`;
    case 'details':
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;border-collapse:collapse;">${block.rows
        .map(
          ([label, value]) =>
            `<tr><td valign="top" width="130" style="width:130px;padding:6px 12px 6px 0;border-top:1px solid #e4e7eb;font-family:${FONT};font-size:14px;line-height:20px;color:${MUTED};font-weight:bold;">${escapeHtml(label)}</td>` +
            `<td valign="top" style="padding:6px 0;border-top:1px solid #e4e7eb;font-family:${FONT};font-size:15px;line-height:22px;color:${TEXT_COLOUR};word-break:break-word;overflow-wrap:anywhere;">${multiline(value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'list':
      return `<ul style="margin:0 0 16px 0;padding:0 0 0 22px;">${block.items
        .map(
          (item) =>
            `<li style="margin:0 0 6px 0;font-family:${FONT};font-size:16px;line-height:24px;color:${TEXT_COLOUR};">${multiline(item)}</li>`,
        )
        .join('')}</ul>`;
    case 'notice':
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;"><tr><td style="padding:12px 16px;background-color:#fff8e1;border-left:4px solid #b7791f;font-family:${FONT};font-size:16px;line-height:24px;color:${TEXT_COLOUR};">${multiline(block.text)}</td></tr></table>`;
    case 'quote':
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;"><tr><td style="padding:8px 16px;border-left:4px solid #cbd2d9;font-family:${FONT};font-size:15px;line-height:22px;color:${TEXT_COLOUR};font-style:italic;word-break:break-word;overflow-wrap:anywhere;">${multiline(block.text)}</td></tr></table>`;
    case 'button': {
      if (!isWebUrl(block.url)) return `<p style="${paragraphStyle}">${escapeHtml(block.label)}: ${escapeHtml(block.url)}</p>`;
      const href = escapeHtml(block.url);
      return (
        `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px 0;"><tr>` +
        `<td bgcolor="${BRAND}" style="background-color:${BRAND};border-radius:4px;">` +
        `<a href="${href}" style="display:inline-block;padding:12px 24px;font-family:${FONT};font-size:16px;line-height:20px;color:#ffffff;font-weight:bold;text-decoration:none;border-radius:4px;">${escapeHtml(block.label)}</a>` +
        `</td></tr></table>` +
        `<p style="margin:0 0 16px 0;font-family:${FONT};font-size:13px;line-height:19px;color:${MUTED};word-break:break-all;">${block.note ? `${escapeHtml(block.note)} ` : ''}${copyHint[lang]}<br>` +
        `<a href="${href}" style="color:${BRAND};text-decoration:underline;">${escapeHtml(block.url)}</a></p>`
      );
    }
  }
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return `${block.text}\n${'-'.repeat(Math.min(block.text.length, 60))}`;
    case 'details':
      return block.rows.map(([label, value]) => `${label}: ${value.replace(/\n/g, '\n  ')}`).join('\n');
    case 'list':
      return block.items.map((item) => `- ${item.replace(/\n/g, '\n  ')}`).join('\n');
    case 'notice':
      return `>> ${block.text}`;
    case 'quote':
      return block.text
        .split(/\r\n|\r|\n/)
        .map((line) => `> ${line}`)
        .join('\n');
    case 'button':
      return `${block.label}:\n${block.url}${block.note ? `\n${block.note}` : ''}`;
  }
}

const copyHint: Record<EmailLanguage, string> = {
  sv: 'Fungerar inte knappen? Kopiera adressen:',
  en: 'If the button does not work, copy this address:',
};

const contactWords: Record<EmailLanguage, string> = {
  sv: 'Frågor? Kontakta',
  en: 'Questions? Contact',
};

/** Wraps content in the shared layout; returns the subject and both bodies. */
export function renderLayout(lang: EmailLanguage, event: EmailEvent, content: EmailContent) {
  const subject = oneLine(content.subject);
  const mailto = `mailto:${event.organiserEmail}`;
  const contactLink = /^[^\s@"<>]+@[^\s@"<>]+$/.test(event.organiserEmail)
    ? `<a href="${escapeHtml(mailto)}" style="color:${BRAND};text-decoration:underline;">${escapeHtml(event.organiserEmail)}</a>`
    : escapeHtml(event.organiserEmail);

  const html = `<!DOCTYPE html>
<html lang="${lang}" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#eef1f5;">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">${escapeHtml(oneLine(content.preheader))}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#eef1f5;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #d9dee5;">
<tr><td style="background-color:${BRAND};padding:20px 28px;">
<div style="font-family:${FONT};font-size:22px;line-height:28px;font-weight:bold;color:#ffffff;word-break:break-word;overflow-wrap:anywhere;">${escapeHtml(event.name)}</div>
<div style="font-family:${FONT};font-size:14px;line-height:20px;color:#dce6f5;word-break:break-word;overflow-wrap:anywhere;">${escapeHtml(event.venue)}</div>
</td></tr>
<tr><td style="padding:28px 28px 12px 28px;word-break:break-word;overflow-wrap:anywhere;">
${content.blocks.map((block) => blockHtml(lang, block)).join('\n')}
</td></tr>
<tr><td style="padding:0 28px 24px 28px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td style="padding:14px 16px;background-color:#f5f7fa;font-family:${FONT};font-size:14px;line-height:21px;color:${TEXT_COLOUR};word-break:break-word;overflow-wrap:anywhere;">
${contactWords[lang]} ${escapeHtml(event.organiserName)}: ${contactLink}
</td></tr></table>
</td></tr>
</table>
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;">
<tr><td style="padding:16px 28px;font-family:${FONT};font-size:13px;line-height:19px;color:${MUTED};word-break:break-word;overflow-wrap:anywhere;">${multiline(content.reason)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

  const text = [
    event.name,
    event.venue,
    '='.repeat(Math.min(Math.max(event.name.length, 10), 60)),
    '',
    content.blocks.map(blockText).join('\n\n'),
    '',
    `${contactWords[lang]} ${event.organiserName}: ${event.organiserEmail}`,
    '',
    '--',
    content.reason,
    '',
  ].join('\n');

  return { subject, html, text };
}
