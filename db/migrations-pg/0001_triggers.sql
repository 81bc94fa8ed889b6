-- What drizzle-kit does not generate: the triggers of the SQLite migrations
-- 0001 (ledger append-only), 0003 (ticket_counts) and 0010 (a client's first contact), in PL/pgSQL.
-- The credit ledger is append-only: corrections are new entries (adjustment, reversal), never edits.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the credit ledger is append-only' USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
--> statement-breakpoint
-- TRUNCATE skips row triggers: refused too.
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
--> statement-breakpoint
-- ticket_counts follows every ticket written, moved from one status to another or deleted.
INSERT INTO ticket_counts (status, tickets)
SELECT s.status, (SELECT count(*) FROM tickets t WHERE t.status = s.status)
FROM (VALUES ('pending'), ('in_progress'), ('resolved')) AS s (status);
--> statement-breakpoint
CREATE FUNCTION ticket_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE ticket_counts SET tickets = tickets - 1 WHERE status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE ticket_counts SET tickets = tickets + 1 WHERE status = NEW.status;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION ticket_counts_follow();
--> statement-breakpoint
CREATE TRIGGER ticket_counts_update AFTER UPDATE OF status ON tickets
FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status) EXECUTE FUNCTION ticket_counts_follow();
--> statement-breakpoint
CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets
FOR EACH ROW EXECUTE FUNCTION ticket_counts_follow();
--> statement-breakpoint
-- docs/client-space.md: a client's e-mail is its first contact, whichever way the client is recorded. An address
-- another contact already holds stays on the client only (receipts still reach it).
CREATE FUNCTION clients_first_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contacts (client_id, email, language, created_at)
  VALUES (NEW.id, trim(NEW.email), NEW.language, NEW.created_at)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER clients_first_contact AFTER INSERT ON clients
FOR EACH ROW WHEN (trim(coalesce(NEW.email, '')) <> '') EXECUTE FUNCTION clients_first_contact();
