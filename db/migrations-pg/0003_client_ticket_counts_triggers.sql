-- The triggers of the SQLite migration 0011 in PL/pgSQL: client_ticket_counts follows every ticket written,
-- moved to another status or client, or deleted; seeded with the tickets already there.
INSERT INTO client_ticket_counts (client_id, status, tickets)
SELECT client_id, status, count(*) FROM tickets GROUP BY client_id, status;
--> statement-breakpoint
CREATE FUNCTION client_ticket_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE client_ticket_counts SET tickets = tickets - 1 WHERE client_id = OLD.client_id AND status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO client_ticket_counts (client_id, status, tickets) VALUES (NEW.client_id, NEW.status, 1)
    ON CONFLICT (client_id, status) DO UPDATE SET tickets = client_ticket_counts.tickets + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER client_ticket_counts_insert AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION client_ticket_counts_follow();
--> statement-breakpoint
CREATE TRIGGER client_ticket_counts_update AFTER UPDATE OF status, client_id ON tickets
FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.client_id IS DISTINCT FROM OLD.client_id)
EXECUTE FUNCTION client_ticket_counts_follow();
--> statement-breakpoint
CREATE TRIGGER client_ticket_counts_delete AFTER DELETE ON tickets
FOR EACH ROW EXECUTE FUNCTION client_ticket_counts_follow();
