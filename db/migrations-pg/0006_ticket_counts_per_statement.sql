-- The counts kept of new tickets (ticket_counts, client_ticket_counts) follow each INSERT statement once, with its
-- new rows as a transition table, instead of once per row: a bulk load (demo, db copy) of a million tickets no longer
-- updates the same count row a million times in one transaction (each update a new version of that row, every later
-- update walking the versions before it). Updates and deletes keep the row triggers of 0001 and 0003.
DROP TRIGGER ticket_counts_insert ON tickets;
--> statement-breakpoint
DROP TRIGGER client_ticket_counts_insert ON tickets;
--> statement-breakpoint
CREATE FUNCTION ticket_counts_follow_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_counts SET tickets = ticket_counts.tickets + n.tickets
  FROM (SELECT status, count(*) AS tickets FROM new_tickets GROUP BY status) n
  WHERE ticket_counts.status = n.status;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION client_ticket_counts_follow_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO client_ticket_counts (client_id, status, tickets)
  SELECT client_id, status, count(*) FROM new_tickets GROUP BY client_id, status
  ON CONFLICT (client_id, status) DO UPDATE SET tickets = client_ticket_counts.tickets + EXCLUDED.tickets;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets
REFERENCING NEW TABLE AS new_tickets FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_follow_inserted();
--> statement-breakpoint
CREATE TRIGGER client_ticket_counts_insert AFTER INSERT ON tickets
REFERENCING NEW TABLE AS new_tickets FOR EACH STATEMENT EXECUTE FUNCTION client_ticket_counts_follow_inserted();
