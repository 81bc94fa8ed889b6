-- SPEC 5: a client's existing e-mail becomes its first contact, in the client's language.
-- Addresses are unique across the desk: when several clients share one, the oldest client gets the contact
-- (the others keep the address on the client row, where receipts still find it).
INSERT INTO contacts (client_id, email, name, language, created_at)
SELECT c.id, trim(c.email), NULL, c.language, c.created_at FROM clients c
WHERE c.email IS NOT NULL AND trim(c.email) <> ''
  AND NOT EXISTS (SELECT 1 FROM clients o WHERE lower(trim(o.email)) = lower(trim(c.email)) AND o.id < c.id)
ORDER BY c.id;
