/** The organisers' exports open right in Swedish Excel and keep hostile data inert. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDemoRegistrations } from '../../db/demo-registrations.ts';
import { buildExport, exportKinds } from '../../src/domain/exports.ts';
import { createServices } from '../../src/domain/services.ts';
import { createTestApp } from '../support/app.ts';
import { CAPACITY_EVENT } from '../support/fixtures.ts';
import { registrationBody } from '../support/registrations.ts';

let harness: Awaited<ReturnType<typeof createTestApp>>;
let demoEventId: string;

beforeAll(async () => {
  harness = await createTestApp();
  const services = createServices(harness.deps);
  const demo = await harness.deps.db
    .selectFrom('events')
    .select(['id', 'slug'])
    .where('slug', 'like', 'stora-motesdagen-%')
    .executeTakeFirstOrThrow();
  demoEventId = demo.id;
  await addDemoRegistrations(services, demo.slug, 12);
  const plan = await services.visits.propose(demo.slug, { iterations: 5_000 });
  if (plan.ok) await services.visits.accept(demo.slug, plan.value.visits);
});
afterAll(() => harness?.close());

/** Parses our CSV back (semicolons, quotes, CRLF) to check it round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('exports', () => {
  it.each(exportKinds)('%s: BOM, semicolons, CRLF, one header and data rows of the same width', async (kind) => {
    const { csv, filename } = await buildExport(harness.deps.db, demoEventId, kind);
    expect(filename).toMatch(new RegExp(`-${kind}\\.csv$`));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows.length).toBeGreaterThan(1);
    const width = rows[0]?.length;
    for (const row of rows) expect(row).toHaveLength(width as number);
  });

  it('keeps hostile company data intact and unable to run as a formula', async () => {
    // (A bidi override such as U+202E is refused at the door since one-line fields take none: test/contract/text-fields.)
    const hostile = '=HYPERLINK("http://evil.example","klicka") <script>alert(1)</script> gnp.exe';
    const body = registrationBody(900, [{ sessionIds: ['cap-overlap'] }]);
    body.company.name = hostile;
    const res = await harness.app.request(`/api/events/${CAPACITY_EVENT}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    const event = await harness.deps.db.selectFrom('events').select('id').where('slug', '=', CAPACITY_EVENT).executeTakeFirstOrThrow();
    const rows = parseCsv((await buildExport(harness.deps.db, event.id, 'registreringar')).csv.slice(1));
    const cell = rows.find((r) => r[1]?.includes('HYPERLINK'))?.[1];
    expect(cell).toBe(`'${hostile}`);
  });
});
