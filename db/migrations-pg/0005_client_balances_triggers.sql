-- The trigger of the SQLite migration 0012 in PL/pgSQL: client_balances follows every ledger entry written
-- (the ledger refuses updates and deletes); seeded with the entries already there.
INSERT INTO client_balances (client_id, balance_minutes)
SELECT client_id, sum(minutes) FROM ledger_entries GROUP BY client_id;
--> statement-breakpoint
CREATE FUNCTION client_balances_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO client_balances (client_id, balance_minutes) VALUES (NEW.client_id, NEW.minutes)
  ON CONFLICT (client_id) DO UPDATE SET balance_minutes = client_balances.balance_minutes + EXCLUDED.balance_minutes;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER client_balances_insert AFTER INSERT ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION client_balances_follow();
