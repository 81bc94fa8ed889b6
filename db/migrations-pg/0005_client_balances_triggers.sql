-- The trigger of the SQLite migration 0012 in PL/pgSQL: client_balances follows every ledger entry written
-- (the ledger refuses updates and deletes); seeded with the entries already there. One grouped upsert per
-- statement (its new rows as a transition table), so an import of many entries adds each client's sum once.
INSERT INTO client_balances (client_id, balance_minutes)
SELECT client_id, sum(minutes) FROM ledger_entries GROUP BY client_id;
--> statement-breakpoint
CREATE FUNCTION client_balances_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO client_balances (client_id, balance_minutes)
  SELECT client_id, sum(minutes) FROM new_entries GROUP BY client_id
  ON CONFLICT (client_id) DO UPDATE SET balance_minutes = client_balances.balance_minutes + EXCLUDED.balance_minutes;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER client_balances_insert AFTER INSERT ON ledger_entries
REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION client_balances_follow();
