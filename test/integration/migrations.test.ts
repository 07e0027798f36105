import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateSqlite, migrationsDir } from '../../db/migrate.ts';
import { openSqlite } from '../../src/runtime/node.ts';

describe('migration runner on better-sqlite3', () => {
  it('applies every migration once, records it as wrangler does, and sets the connection pragmas', () => {
    const sqlite = openSqlite(':memory:');
    const files = readdirSync(migrationsDir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(migrateSqlite(sqlite)).toEqual(files);
    expect(migrateSqlite(sqlite)).toEqual([]);
    expect(sqlite.prepare('SELECT name FROM d1_migrations ORDER BY id').pluck().all()).toEqual(files);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    sqlite.close();
  });

  it('uses WAL on a file database', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'motesdagen-wal-'));
    const sqlite = openSqlite(join(dir, 'x.sqlite'));
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers the whole domain in the first schema', () => {
    const sqlite = openSqlite(':memory:');
    migrateSqlite(sqlite);
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'events',
        'sessions',
        'registrations',
        'attendees',
        'session_places',
        'visit_slots',
        'topics',
        'hosts',
        'host_availability',
        'visit_requests',
        'visits',
        'visit_hosts',
        'outbox',
        'organisers',
        'login_tokens',
        'api_tokens',
        'audit_log',
      ]),
    );
    sqlite.close();
  });

  it('forbids double-booking a host in one slot with a constraint', () => {
    const sqlite = openSqlite(':memory:');
    migrateSqlite(sqlite);
    const stamp = '2027-01-01T00:00:00.000Z';
    sqlite.exec(`
      INSERT INTO events (id, slug, name, venue_name, venue_address, starts_at, ends_at, registration_opens_at, registration_closes_at, organiser_name, organiser_email, created_at, updated_at)
        VALUES ('e', 'e', 'E', 'V', 'A', '2027-01-21T07:00:00Z', '2027-01-21T15:00:00Z', '2026-01-01', '2027-01-01', 'O', 'o@x', '${stamp}', '${stamp}');
      INSERT INTO visit_slots (id, event_id, starts_at, ends_at) VALUES ('s', 'e', '2027-01-21T08:00:00Z', '2027-01-21T09:00:00Z');
      INSERT INTO hosts (id, event_id, kind, name, email, party, created_at, updated_at) VALUES ('h', 'e', 'politician', 'H', 'h@x', 'S', '${stamp}', '${stamp}');
      INSERT INTO registrations (id, event_id, company_org_number, company_name, company_industry, company_street, company_postal_code, company_city, contact_name, contact_email, contact_phone, consent_at, manage_token_hash, manage_token_expires_at, created_at, updated_at)
        VALUES ('r', 'e', '5560000001', 'C', 'I', 'S', '61130', 'N', 'K', 'k@x', '1', '${stamp}', 'hash', '${stamp}', '${stamp}', '${stamp}');
      INSERT INTO visit_requests (id, event_id, registration_id, street, postal_code, city, participants, created_at, updated_at) VALUES ('q', 'e', 'r', 'S', '61130', 'N', 2, '${stamp}', '${stamp}');
      INSERT INTO visits (id, event_id, request_id, slot_id, calendar_uid, created_at, updated_at) VALUES ('v1', 'e', 'q', 's', 'u1', '${stamp}', '${stamp}');
      INSERT INTO visit_hosts (visit_id, host_id, slot_id) VALUES ('v1', 'h', 's');
      UPDATE visits SET status = 'cancelled' WHERE id = 'v1';
      INSERT INTO visits (id, event_id, request_id, slot_id, calendar_uid, created_at, updated_at) VALUES ('v2', 'e', 'q', 's', 'u2', '${stamp}', '${stamp}');
    `);
    expect(() => sqlite.exec(`INSERT INTO visit_hosts (visit_id, host_id, slot_id) VALUES ('v2', 'h', 's')`)).toThrow(/UNIQUE/);
    sqlite.exec(`UPDATE visit_hosts SET released_at = '${stamp}' WHERE visit_id = 'v1'`);
    expect(() => sqlite.exec(`INSERT INTO visit_hosts (visit_id, host_id, slot_id) VALUES ('v2', 'h', 's')`)).not.toThrow();
    sqlite.close();
  });

  it('moves each company row onto its registrations, erased ones emptied, and drops the shared table (0011)', async () => {
    const { copyFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const before = mkdtempSync(join(tmpdir(), 'motesdagen-migrations-'));
    for (const name of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql') && f < '0011')) {
      copyFileSync(join(migrationsDir, name), join(before, name));
    }
    const sqlite = openSqlite(':memory:');
    migrateSqlite(sqlite, before);
    const stamp = '2027-01-01T00:00:00.000Z';
    const registration = (id: string, company: string, status: string) =>
      `INSERT INTO registrations (id, event_id, company_id, status, contact_name, contact_email, contact_phone, consent_at, manage_token_hash, manage_token_expires_at, created_at, updated_at)
        VALUES ('${id}', 'e', '${company}', '${status}', 'K', 'k@x', '1', '${stamp}', 'hash-${id}', '${stamp}', '${stamp}', '${stamp}');`;
    sqlite.exec(`
      INSERT INTO events (id, slug, name, venue_name, venue_address, starts_at, ends_at, registration_opens_at, registration_closes_at, organiser_name, organiser_email, created_at, updated_at)
        VALUES ('e', 'e', 'E', 'V', 'A', '2027-01-21T07:00:00Z', '2027-01-21T15:00:00Z', '2026-01-01', '2027-01-01', 'O', 'o@x', '${stamp}', '${stamp}');
      INSERT INTO companies (id, org_number, name, industry, street, postal_code, city, created_at, updated_at)
        VALUES ('c', '5560000001', 'Bygg AB', 'bygg', 'Gatan 1', '61130', 'Norrvik', '${stamp}', '${stamp}'),
               ('gone', '0000000007', '(raderad)', 'it', '', '', '', '${stamp}', '${stamp}');
      ${registration('active', 'c', 'active')}
      ${registration('cancelled', 'c', 'cancelled')}
      ${registration('erased', 'c', 'erased')}
      ${registration('anonymised', 'gone', 'cancelled')}
    `);
    expect(migrateSqlite(sqlite)).toContain('0011_company_per_registration.sql');
    const rows = sqlite
      .prepare(
        'SELECT id, company_org_number, company_name, company_industry, company_street, company_postal_code, company_city FROM registrations ORDER BY id',
      )
      .all();
    const row = (id: string, org: string, name: string, industry: string, street: string, postal: string, city: string) => ({
      id,
      company_org_number: org,
      company_name: name,
      company_industry: industry,
      company_street: street,
      company_postal_code: postal,
      company_city: city,
    });
    // Later migrations run too: 0014 writes the postal code as mail does.
    expect(rows).toEqual([
      row('active', '5560000001', 'Bygg AB', 'bygg', 'Gatan 1', '611 30', 'Norrvik'),
      row('anonymised', '', '(raderad)', 'it', '', '', ''),
      row('cancelled', '5560000001', 'Bygg AB', 'bygg', 'Gatan 1', '611 30', 'Norrvik'),
      row('erased', '', '(raderad)', 'bygg', '', '', ''),
    ]);
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'companies'").all()).toEqual([]);
    // Still one active registration per organisation number and event.
    const again = (id: string, org: string) =>
      `INSERT INTO registrations (id, event_id, company_org_number, contact_name, contact_email, contact_phone, consent_at, manage_token_hash, manage_token_expires_at, created_at, updated_at)
        VALUES ('${id}', 'e', '${org}', 'K', 'k@x', '1', '${stamp}', 'hash-${id}', '${stamp}', '${stamp}', '${stamp}')`;
    expect(() => sqlite.exec(again('again', '5560000001'))).toThrow(/UNIQUE/);
    expect(() => sqlite.exec(again('other', '5560000019'))).not.toThrow();
    sqlite.close();
    rmSync(before, { recursive: true, force: true });
  });

  it('rewrites postal codes stored without their space to "641 32" (0014), and leaves the rest alone', async () => {
    const { cpSync, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const before = mkdtempSync(join(tmpdir(), 'motesdagen-migrations-'));
    for (const file of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql') && f < '0014'))
      cpSync(join(migrationsDir, file), join(before, file));
    const sqlite = openSqlite(':memory:');
    migrateSqlite(sqlite, before);
    const stamp = '2027-01-01T00:00:00.000Z';
    sqlite.exec(`
      INSERT INTO events (id, slug, name, venue_name, venue_address, starts_at, ends_at, registration_opens_at, registration_closes_at, organiser_name, organiser_email, created_at, updated_at)
        VALUES ('e', 'e', 'E', 'V', 'A', '2027-01-21T07:00:00Z', '2027-01-21T15:00:00Z', '2026-01-01', '2027-01-01', 'O', 'o@x', '${stamp}', '${stamp}');
      INSERT INTO registrations (id, event_id, company_org_number, company_postal_code, contact_name, contact_email, contact_phone, consent_at, manage_token_hash, manage_token_expires_at, created_at, updated_at) VALUES
        ('r', 'e', '5560000001', '64132', 'K', 'k@x', '1', '${stamp}', 'hash', '${stamp}', '${stamp}', '${stamp}'),
        ('r2', 'e', '5560000002', '611 30', 'K', 'k@x', '1', '${stamp}', 'hash2', '${stamp}', '${stamp}', '${stamp}'),
        ('r3', 'e', '5560000003', '', 'K', 'k@x', '1', '${stamp}', 'hash3', '${stamp}', '${stamp}', '${stamp}');
      INSERT INTO visit_requests (id, event_id, registration_id, street, postal_code, city, participants, created_at, updated_at) VALUES ('q', 'e', 'r', 'S', '61130', 'N', 2, '${stamp}', '${stamp}');
    `);
    migrateSqlite(sqlite);
    expect(sqlite.prepare('SELECT company_postal_code FROM registrations ORDER BY id').pluck().all()).toEqual(['641 32', '611 30', '']);
    expect(sqlite.prepare('SELECT postal_code FROM visit_requests').pluck().all()).toEqual(['611 30']);
    sqlite.close();
    rmSync(before, { recursive: true, force: true });
  });
});
