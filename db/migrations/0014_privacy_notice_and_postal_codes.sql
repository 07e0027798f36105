-- Postal codes are kept as Swedish mail writes them, "641 32"; earlier registrations stored "64132".
UPDATE companies SET postal_code = substr(postal_code, 1, 3) || ' ' || substr(postal_code, 4)
  WHERE length(postal_code) = 5 AND postal_code GLOB '[0-9][0-9][0-9][0-9][0-9]';
UPDATE visit_requests SET postal_code = substr(postal_code, 1, 3) || ' ' || substr(postal_code, 4)
  WHERE length(postal_code) = 5 AND postal_code GLOB '[0-9][0-9][0-9][0-9][0-9]';
