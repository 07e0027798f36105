-- A company's details belong to its registration. They lived in one `companies` row per organisation number,
-- upserted by every anonymous registration and change, so registering for a second event rewrote the name and
-- address the first event's pages, exports and visit invites showed. Each registration now keeps the details it
-- was given and only its own manage link changes them (docs/decisions/0010-company-per-registration-and-links-at-send-time.md).
-- The `companies` table goes: nothing is shared between registrations any more.

-- Ten digits without the hyphen ('' once erased); the application validates the check digit.
ALTER TABLE registrations ADD COLUMN company_org_number TEXT NOT NULL DEFAULT ''
  CHECK (company_org_number = '' OR (length(company_org_number) = 10 AND company_org_number NOT GLOB '*[^0-9]*'));
ALTER TABLE registrations ADD COLUMN company_name TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN company_industry TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN company_street TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN company_postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN company_city TEXT NOT NULL DEFAULT '';

-- Existing registrations take the details their company row holds now (what every page showed for them). An
-- erased registration takes nothing: its company row may still hold another registration's details. An
-- anonymised row (erasure gave it a 00-placeholder number) leaves the number empty, as erasure now does.
UPDATE registrations SET
  company_org_number = (SELECT CASE WHEN c.org_number GLOB '00*' AND c.name = '(raderad)' THEN '' ELSE c.org_number END
                        FROM companies c WHERE c.id = registrations.company_id),
  company_name = (SELECT c.name FROM companies c WHERE c.id = registrations.company_id),
  company_industry = (SELECT c.industry FROM companies c WHERE c.id = registrations.company_id),
  company_street = (SELECT c.street FROM companies c WHERE c.id = registrations.company_id),
  company_postal_code = (SELECT c.postal_code FROM companies c WHERE c.id = registrations.company_id),
  company_city = (SELECT c.city FROM companies c WHERE c.id = registrations.company_id)
WHERE status <> 'erased';
UPDATE registrations SET company_name = '(raderad)',
  company_industry = (SELECT c.industry FROM companies c WHERE c.id = registrations.company_id)
WHERE status = 'erased';
-- Retention erased whole events without marking their registrations 'erased': their details go too.
UPDATE registrations SET company_org_number = '', company_name = '(raderad)', company_street = '',
  company_postal_code = '', company_city = ''
WHERE event_id IN (SELECT id FROM events WHERE personal_data_erased_at IS NOT NULL);

-- One active registration per organisation number and event: a cancelled company may register again.
DROP INDEX registrations_one_active_per_company;
CREATE UNIQUE INDEX registrations_one_active_per_org_number
  ON registrations (event_id, company_org_number) WHERE status = 'active';
-- Asking for the manage link again finds a company's registrations by its number.
CREATE INDEX registrations_org_number ON registrations (company_org_number);

ALTER TABLE registrations DROP COLUMN company_id;
DROP TABLE companies;
