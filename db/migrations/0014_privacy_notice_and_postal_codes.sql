-- Each event's privacy notice names its own organiser (GDPR art. 13): who is the data controller, whom to ask
-- about personal data (the data protection officer), and on which legal basis the data is processed. Empty texts
-- fall back to the event's organiser and the organiser's email, so events made before this read as they did.
ALTER TABLE events ADD COLUMN privacy_controller TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN privacy_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN privacy_legal_basis TEXT NOT NULL DEFAULT 'public_interest'
  CHECK (privacy_legal_basis IN ('public_interest', 'legitimate_interest', 'consent'));

-- Postal codes are kept as Swedish mail writes them, "641 32"; earlier registrations stored "64132".
UPDATE registrations SET company_postal_code = substr(company_postal_code, 1, 3) || ' ' || substr(company_postal_code, 4)
  WHERE length(company_postal_code) = 5 AND company_postal_code GLOB '[0-9][0-9][0-9][0-9][0-9]';
UPDATE visit_requests SET postal_code = substr(postal_code, 1, 3) || ' ' || substr(postal_code, 4)
  WHERE length(postal_code) = 5 AND postal_code GLOB '[0-9][0-9][0-9][0-9][0-9]';
