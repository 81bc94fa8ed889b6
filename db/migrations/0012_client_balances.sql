CREATE TABLE `client_balances` (
	`client_id` integer PRIMARY KEY NOT NULL,
	`balance_minutes` integer NOT NULL
);
--> statement-breakpoint
-- client_balances follows every ledger entry written (the ledger refuses updates and deletes);
-- seeded with the entries already there.
INSERT INTO `client_balances` (`client_id`, `balance_minutes`)
SELECT `client_id`, sum(`minutes`) FROM `ledger_entries` GROUP BY `client_id`;
--> statement-breakpoint
CREATE TRIGGER `client_balances_insert` AFTER INSERT ON `ledger_entries`
BEGIN
  INSERT INTO `client_balances` (`client_id`, `balance_minutes`) VALUES (NEW.client_id, NEW.minutes)
  ON CONFLICT (`client_id`) DO UPDATE SET `balance_minutes` = `balance_minutes` + excluded.balance_minutes;
END;
