/**
 * Hosts for organisers: list, create and change politicians and officials, the availability grid (every
 * host × every slot, saved at once), and CSV import with a preview that flags bad rows before anything is
 * saved. Sending a host their private link is src/domain/hosts.ts `invite`.
 */
import type { CompiledQuery } from 'kysely';
import { compiler } from '../../../db/compiler.ts';
import type { HostRow } from '../../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { auditQuery } from '../access/audit.ts';
import { isUniqueViolation, retryOnStaleSnapshot } from '../batch.ts';
import { toCsv } from '../csv.ts';
import { type FieldError, fail, ok, type Result } from '../errors.ts';
import { tooLongMessage } from '../field-errors.ts';
import { newId } from '../ids.ts';
import { hostRemovalStatements } from '../visit-lifecycle.ts';
import { fieldProblem, invalid, onlyGiven, parseInput, type SetupActor } from './common.ts';
import { parseCsv } from './csv-parse.ts';
import { AvailabilitySchema, type HostInput, HostInputSchema, type HostUpdateInput, HostUpdateSchema } from './inputs.ts';

export interface HostView {
  id: string;
  kind: 'politician' | 'official';
  name: string;
  email: string;
  phone: string;
  party: string;
  roles: string;
  department: string;
  title: string;
  topicIds: string[];
  maxVisitsPerDay: number;
  startZoneId: string | null;
  slotIds: string[];
  /** True once the host has been sent their private link. */
  invited: boolean;
}

export const hostKindLabel = { politician: 'Politiker', official: 'Tjänsteperson' } as const;

/** The import file's columns, in the template's order. */
export const importColumns = [
  'namn',
  'e-post',
  'typ',
  'parti',
  'roller',
  'förvaltning',
  'titel',
  'ämnen',
  'max besök per dag',
  'startzon',
] as const;

const columnField: Record<string, string> = {
  name: 'namn',
  email: 'e-post',
  kind: 'typ',
  party: 'parti',
  roles: 'roller',
  department: 'förvaltning',
  title: 'titel',
  topicIds: 'ämnen',
  maxVisitsPerDay: 'max besök per dag',
  startZoneId: 'startzon',
  phone: 'telefon',
};

export interface ImportRow {
  /** Line in the file (the header is line 1). */
  line: number;
  name: string;
  email: string;
  kind: string;
  action: 'create' | 'update' | 'skip';
  errors: { field: string; message: string }[];
}

export interface ImportResult {
  rows: ImportRow[];
  created: number;
  updated: number;
  skipped: number;
  /** False for a preview (dry run): nothing was written. */
  saved: boolean;
}

const kindWords: Record<string, 'politician' | 'official'> = {
  politiker: 'politician',
  politician: 'politician',
  förtroendevald: 'politician',
  tjänsteperson: 'official',
  tjansteperson: 'official',
  tjänsteman: 'official',
  official: 'official',
};

const norm = (value: string) => value.trim().toLowerCase().replace(/\s+/g, ' ');

function hostValues(v: ReturnType<typeof HostInputSchema.parse>) {
  return {
    kind: v.kind,
    name: v.name,
    email: v.email,
    phone: v.phone,
    party: v.kind === 'politician' ? v.party : null,
    roles: v.kind === 'politician' ? v.roles : '',
    department: v.kind === 'official' ? v.department : null,
    title: v.kind === 'official' ? v.title : '',
    max_visits_per_day: v.maxVisitsPerDay,
    start_zone_id: v.startZoneId,
  };
}

export function createHostSetup(deps: Deps) {
  const { db, batch, clock } = deps;

  async function list(eventId: string): Promise<HostView[]> {
    const [hosts, topics, availability] = await Promise.all([
      db.selectFrom('hosts').selectAll().where('event_id', '=', eventId).orderBy('kind', 'desc').orderBy('name').execute(),
      db
        .selectFrom('host_topics')
        .innerJoin('hosts', 'hosts.id', 'host_topics.host_id')
        .select(['host_topics.host_id', 'host_topics.topic_id'])
        .where('hosts.event_id', '=', eventId)
        .execute(),
      db
        .selectFrom('host_availability')
        .innerJoin('hosts', 'hosts.id', 'host_availability.host_id')
        .select(['host_availability.host_id', 'host_availability.slot_id'])
        .where('hosts.event_id', '=', eventId)
        .execute(),
    ]);
    return hosts.map((h: HostRow) => ({
      id: h.id,
      kind: h.kind,
      name: h.name,
      email: h.email,
      phone: h.phone,
      party: h.party ?? '',
      roles: h.roles,
      department: h.department ?? '',
      title: h.title,
      topicIds: topics.filter((t) => t.host_id === h.id).map((t) => t.topic_id),
      maxVisitsPerDay: h.max_visits_per_day,
      startZoneId: h.start_zone_id,
      slotIds: availability.filter((a) => a.host_id === h.id).map((a) => a.slot_id),
      invited: h.access_token_hash !== null,
    }));
  }

  const get = async (eventId: string, hostId: string) => (await list(eventId)).find((h) => h.id === hostId);

  async function eventRefs(eventId: string) {
    const [topics, zones, slots] = await Promise.all([
      db.selectFrom('topics').select(['id', 'slug', 'name_sv', 'name_en']).where('event_id', '=', eventId).execute(),
      db.selectFrom('zones').select(['id', 'name']).where('event_id', '=', eventId).execute(),
      db.selectFrom('visit_slots').select('id').where('event_id', '=', eventId).execute(),
    ]);
    return { topics, zones, slots };
  }

  function refProblems(refs: Awaited<ReturnType<typeof eventRefs>>, v: { topicIds?: string[]; startZoneId?: string | null }): FieldError[] {
    const problems: FieldError[] = [];
    (v.topicIds ?? []).forEach((id, i) => {
      if (!refs.topics.some((t) => t.id === id))
        problems.push(fieldProblem(`topicIds.${i}`, 'Ämnet finns inte i det här evenemanget.', 'unknown_topic'));
    });
    if (v.startZoneId && !refs.zones.some((z) => z.id === v.startZoneId))
      problems.push(fieldProblem('startZoneId', 'Zonen finns inte i det här evenemanget.', 'unknown_zone'));
    return problems;
  }

  const emailTaken = () => invalid([fieldProblem('email', 'Det finns redan en värd med den e-postadressen i evenemanget.', 'duplicate')]);

  async function create(actor: SetupActor, eventId: string, input: HostInput): Promise<Result<HostView>> {
    const parsed = parseInput(HostInputSchema, input);
    if (!parsed.ok) return parsed;
    const v = parsed.value;
    const problems = refProblems(await eventRefs(eventId), v);
    if (problems.length) return invalid(problems);
    const now = clock.now();
    const stamp = now.toISOString();
    const id = newId();
    try {
      await batch.run([
        compiler
          .insertInto('hosts')
          .values({ id, event_id: eventId, ...hostValues(v), created_at: stamp, updated_at: stamp })
          .compile(),
        ...[...new Set(v.topicIds)].map((topicId) =>
          compiler.insertInto('host_topics').values({ host_id: id, topic_id: topicId }).compile(),
        ),
        auditQuery({ actor, action: 'create', entity: 'host', entityId: id, eventId, after: v }, now),
      ]);
    } catch (error) {
      if (isUniqueViolation(error, 'hosts.')) return emailTaken();
      throw error;
    }
    return ok((await get(eventId, id)) as HostView);
  }

  async function update(actor: SetupActor, eventId: string, hostId: string, input: HostUpdateInput): Promise<Result<HostView>> {
    const parsedAll = parseInput(HostUpdateSchema, input);
    if (!parsedAll.ok) return parsedAll;
    const parsedPatch = { value: onlyGiven(parsedAll.value, input) };
    const current = await get(eventId, hostId);
    if (!current) return fail('not_found');
    const { slotIds: _slots, invited: _invited, id: _id, ...editable } = current;
    const parsed = parseInput(HostInputSchema, { ...editable, ...parsedPatch.value });
    if (!parsed.ok) return parsed;
    const v = parsed.value;
    const problems = refProblems(await eventRefs(eventId), v);
    if (problems.length) return invalid(problems);
    const now = clock.now();
    const statements: CompiledQuery[] = [
      compiler
        .updateTable('hosts')
        .set({ ...hostValues(v), updated_at: now.toISOString() })
        .where('id', '=', hostId)
        .where('event_id', '=', eventId)
        .compile(),
    ];
    if (parsedPatch.value.topicIds !== undefined) {
      statements.push(compiler.deleteFrom('host_topics').where('host_id', '=', hostId).compile());
      for (const topicId of new Set(v.topicIds))
        statements.push(compiler.insertInto('host_topics').values({ host_id: hostId, topic_id: topicId }).compile());
    }
    const changed = Object.keys(parsedPatch.value).filter(
      (k) => JSON.stringify(editable[k as keyof typeof editable]) !== JSON.stringify(v[k as keyof typeof v]),
    );
    statements.push(
      auditQuery(
        {
          actor,
          action: 'update',
          entity: 'host',
          entityId: hostId,
          eventId,
          before: Object.fromEntries(changed.map((k) => [k, editable[k as keyof typeof editable]])),
          after: Object.fromEntries(changed.map((k) => [k, v[k as keyof typeof v]])),
        },
        now,
      ),
    );
    try {
      await batch.run(statements);
    } catch (error) {
      if (isUniqueViolation(error, 'hosts.')) return emailTaken();
      throw error;
    }
    return ok((await get(eventId, hostId)) as HostView);
  }

  /** Inserts of host_availability rows, 40 rows (80 parameters) per statement for D1's limit of 100. */
  function availabilityInserts(pairs: { host_id: string; slot_id: string }[]): CompiledQuery[] {
    const statements: CompiledQuery[] = [];
    for (let i = 0; i < pairs.length; i += 40)
      statements.push(
        compiler
          .insertInto('host_availability')
          .values(pairs.slice(i, i + 40))
          .compile(),
      );
    return statements;
  }

  /** One host's availability, as the organiser enters it (replaces what was there). */
  async function setAvailability(
    actor: SetupActor,
    eventId: string,
    hostId: string,
    input: { slotIds: string[] },
  ): Promise<Result<HostView>> {
    const parsed = parseInput(AvailabilitySchema, input);
    if (!parsed.ok) return parsed;
    const current = await get(eventId, hostId);
    if (!current) return fail('not_found');
    const refs = await eventRefs(eventId);
    const errors = parsed.value.slotIds.flatMap((id, i) =>
      refs.slots.some((s) => s.id === id) ? [] : [fieldProblem(`slotIds.${i}`, 'Tiden finns inte i det här evenemanget.', 'unknown_slot')],
    );
    if (errors.length) return invalid(errors);
    const slotIds = [...new Set(parsed.value.slotIds)];
    const now = clock.now();
    await batch.run([
      compiler.deleteFrom('host_availability').where('host_id', '=', hostId).compile(),
      ...availabilityInserts(slotIds.map((slotId) => ({ host_id: hostId, slot_id: slotId }))),
      auditQuery(
        {
          actor,
          action: 'update',
          entity: 'host_availability',
          entityId: hostId,
          eventId,
          before: { slotIds: current.slotIds },
          after: { slotIds },
        },
        now,
      ),
    ]);
    return ok((await get(eventId, hostId)) as HostView);
  }

  /**
   * The whole availability grid at once: for every host listed in `hostIds` (the rows the form showed), the
   * checked slots replace what was there. Hosts added meanwhile by someone else are left alone.
   */
  async function saveGrid(
    actor: SetupActor,
    eventId: string,
    hostIds: string[],
    checked: { hostId: string; slotId: string }[],
  ): Promise<Result<{ saved: number }>> {
    const refs = await eventRefs(eventId);
    const hosts = new Set((await db.selectFrom('hosts').select('id').where('event_id', '=', eventId).execute()).map((h) => h.id));
    const slots = new Set(refs.slots.map((s) => s.id));
    const rows = hostIds.filter((id) => hosts.has(id));
    const pairs = [
      ...new Map(
        checked
          .filter((c) => rows.includes(c.hostId) && slots.has(c.slotId))
          .map((c) => [`${c.hostId}:${c.slotId}`, { host_id: c.hostId, slot_id: c.slotId }]),
      ).values(),
    ];
    const now = clock.now();
    const statements: CompiledQuery[] = [];
    for (let i = 0; i < rows.length; i += 90)
      statements.push(
        compiler
          .deleteFrom('host_availability')
          .where('host_id', 'in', rows.slice(i, i + 90))
          .compile(),
      );
    statements.push(...availabilityInserts(pairs));
    statements.push(
      auditQuery(
        {
          actor,
          action: 'update',
          entity: 'host_availability',
          entityId: null,
          eventId,
          after: { hosts: rows.length, available: pairs.length },
        },
        now,
      ),
    );
    await batch.run(statements);
    return ok({ saved: pairs.length });
  }

  /** The import template: the header and one example row of each kind, as Swedish Excel opens it. */
  function template(): string {
    return toCsv(importColumns, [
      [
        'Anna Andersson',
        'anna.andersson@kommun.example',
        'politiker',
        'Exempelpartiet',
        'Ordförande i kommunstyrelsen',
        '',
        '',
        'Bygglov, Miljö',
        3,
        'Centrum',
      ],
      [
        'Bo Berg',
        'bo.berg@kommun.example',
        'tjänsteperson',
        '',
        '',
        'Samhällsbyggnadsförvaltningen',
        'Bygglovshandläggare',
        'Bygglov',
        4,
        '',
      ],
    ]);
  }

  /**
   * Reads a CSV of hosts and checks every row. Rows with problems are skipped and listed (line, column,
   * Swedish message); good rows are created, or update the host with the same email address. With
   * `dryRun` nothing is written; otherwise the good rows are saved in one batch with one audit row.
   */
  async function importCsv(actor: SetupActor, eventId: string, csv: string, options: { dryRun: boolean }): Promise<Result<ImportResult>> {
    const { rows } = parseCsv(csv);
    const [header, ...data] = rows;
    if (!header) return invalid([fieldProblem('csv', 'Filen är tom.', 'required')]);
    const index = new Map(header.cells.map((name, i) => [norm(name), i]));
    const missing = ['namn', 'e-post', 'typ'].filter((name) => !index.has(name));
    if (missing.length)
      return invalid([
        fieldProblem(
          'csv',
          `Filen saknar kolumnerna ${missing.join(', ')}. Utgå från mallen: första raden ska vara rubrikerna.`,
          'missing_columns',
        ),
      ]);
    if (data.length > 2000) return invalid([fieldProblem('csv', 'Filen har fler än 2 000 rader. Dela upp den.', 'too_long')]);
    const refs = await eventRefs(eventId);
    const existing = await db.selectFrom('hosts').select(['id', 'email']).where('event_id', '=', eventId).execute();
    const existingByEmail = new Map(existing.map((h) => [h.email.toLowerCase(), h.id]));
    const cell = (cells: string[], name: string) => (index.has(name) ? (cells[index.get(name) as number] ?? '').trim() : '');
    const seen = new Map<string, number>();
    const good: { id: string; update: boolean; v: ReturnType<typeof HostInputSchema.parse> }[] = [];
    const report: ImportRow[] = data.map(({ line, cells }) => {
      const errors: ImportRow['errors'] = [];
      const kindText = cell(cells, 'typ');
      const kind = kindWords[norm(kindText)];
      if (!kind)
        errors.push({
          field: 'typ',
          message: kindText ? `”${kindText}” är ingen typ. Skriv politiker eller tjänsteperson.` : 'Skriv politiker eller tjänsteperson.',
        });
      const topicIds: string[] = [];
      for (const name of cell(cells, 'ämnen')
        .split(/[,|]/)
        .map((t) => t.trim())
        .filter(Boolean)) {
        const topic = refs.topics.find((t) => norm(t.name_sv) === norm(name) || norm(t.name_en) === norm(name) || t.slug === norm(name));
        if (topic) topicIds.push(topic.id);
        else
          errors.push({
            field: 'ämnen',
            message: `Ämnet ”${name}” finns inte i evenemanget. Lägg till det under Besökstider och zoner först.`,
          });
      }
      const zoneName = cell(cells, 'startzon');
      const zone = zoneName ? refs.zones.find((z) => norm(z.name) === norm(zoneName)) : undefined;
      if (zoneName && !zone) errors.push({ field: 'startzon', message: `Zonen ”${zoneName}” finns inte i evenemanget.` });
      const maxText = cell(cells, 'max besök per dag');
      const max = maxText === '' ? 3 : Number(maxText);
      if (!Number.isInteger(max) || max < 0 || max > 20) errors.push({ field: 'max besök per dag', message: 'Skriv ett heltal 0–20.' });
      const parsed = HostInputSchema.safeParse({
        kind: kind ?? 'official',
        name: cell(cells, 'namn'),
        email: cell(cells, 'e-post'),
        phone: cell(cells, 'telefon'),
        party: cell(cells, 'parti'),
        roles: cell(cells, 'roller'),
        department: cell(cells, 'förvaltning'),
        title: cell(cells, 'titel'),
        topicIds,
        maxVisitsPerDay: Number.isInteger(max) ? Math.min(Math.max(max, 0), 20) : 3,
        startZoneId: zone?.id ?? null,
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? '');
          if (key === 'kind' || key === 'maxVisitsPerDay') continue;
          if (key === 'department' && !kind) continue;
          const field = columnField[key] ?? key;
          const message =
            issue.message === 'invalid_email'
              ? 'Skriv en giltig e-postadress, till exempel namn@kommun.se.'
              : key === 'party'
                ? 'En politiker behöver ett parti.'
                : key === 'department'
                  ? 'En tjänsteperson behöver en förvaltning.'
                  : issue.message === 'too_long'
                    ? tooLongMessage(issue.code === 'too_big' ? issue.maximum : undefined, 'sv')
                    : issue.message === 'required' || issue.code === 'too_small'
                      ? 'Fyll i fältet.'
                      : 'Värdet är inte giltigt.';
          errors.push({ field, message });
        }
      }
      const email = cell(cells, 'e-post').toLowerCase();
      const firstLine = seen.get(email);
      if (email && firstLine !== undefined) errors.push({ field: 'e-post', message: `Samma e-postadress som på rad ${firstLine}.` });
      if (email && firstLine === undefined) seen.set(email, line);
      const existingId = existingByEmail.get(email);
      const rowOk = errors.length === 0 && parsed.success;
      if (rowOk) good.push({ id: existingId ?? newId(), update: existingId !== undefined, v: parsed.data });
      return {
        line,
        name: cell(cells, 'namn'),
        email: cell(cells, 'e-post'),
        kind: kind ? hostKindLabel[kind] : kindText,
        action: rowOk ? (existingId ? 'update' : 'create') : 'skip',
        errors,
      };
    });
    const result: ImportResult = {
      rows: report,
      created: good.filter((g) => !g.update).length,
      updated: good.filter((g) => g.update).length,
      skipped: report.filter((r) => r.action === 'skip').length,
      saved: false,
    };
    if (options.dryRun || good.length === 0) return ok(result);

    const now = clock.now();
    const stamp = now.toISOString();
    const statements: CompiledQuery[] = [];
    for (const { id, update, v } of good) {
      statements.push(
        update
          ? compiler
              .updateTable('hosts')
              .set({ ...hostValues(v), updated_at: stamp })
              .where('id', '=', id)
              .compile()
          : compiler
              .insertInto('hosts')
              .values({ id, event_id: eventId, ...hostValues(v), created_at: stamp, updated_at: stamp })
              .compile(),
      );
      if (update) statements.push(compiler.deleteFrom('host_topics').where('host_id', '=', id).compile());
      for (const topicId of new Set(v.topicIds))
        statements.push(compiler.insertInto('host_topics').values({ host_id: id, topic_id: topicId }).compile());
    }
    statements.push(
      auditQuery(
        {
          actor,
          action: 'import',
          entity: 'host',
          entityId: null,
          eventId,
          after: {
            created: good.filter((g) => !g.update).map((g) => g.v.email),
            updated: good.filter((g) => g.update).map((g) => g.v.email),
            skippedLines: report.filter((r) => r.action === 'skip').map((r) => r.line),
          },
        },
        now,
      ),
    );
    try {
      await batch.run(statements);
    } catch (error) {
      // Someone added a host with one of these addresses between the check and the batch: nothing was saved.
      if (isUniqueViolation(error, 'hosts.'))
        return invalid([
          fieldProblem('csv', 'En värd med en av adresserna lades till samtidigt. Ingenting sparades; försök igen.', 'duplicate'),
        ]);
      throw error;
    }
    return ok({ ...result, saved: true });
  }

  /**
   * Removes a host from the event. Their confirmed visits send them a CANCEL and everyone else an update in the same
   * batch; a visit left short of the rules shows on the board as needing attention, with a proposed replacement.
   */
  async function remove(actor: SetupActor, eventId: string, hostId: string): Promise<Result<{ visitsAffected: number }>> {
    const current = await get(eventId, hostId);
    if (!current) return fail('not_found');
    const event = await db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
    return retryOnStaleSnapshot(async () => {
      const now = clock.now();
      const removal = await hostRemovalStatements(db, { event, now, publicUrl: deps.config.publicUrl }, hostId);
      await batch.run([
        ...removal.statements,
        compiler.deleteFrom('hosts').where('id', '=', hostId).where('event_id', '=', eventId).compile(),
        auditQuery(
          {
            actor,
            action: 'delete',
            entity: 'host',
            entityId: hostId,
            eventId,
            before: { name: current.name, kind: current.kind },
            after: null,
          },
          now,
        ),
      ]);
      return ok({ visitsAffected: removal.visits });
    });
  }

  return {
    list,
    get,
    create,
    update,
    remove,
    setAvailability,
    saveGrid,
    template,
    importCsv,
  };
}
