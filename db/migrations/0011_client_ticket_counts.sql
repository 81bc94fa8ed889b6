CREATE TABLE `client_ticket_counts` (
	`client_id` integer NOT NULL,
	`status` text NOT NULL,
	`tickets` integer NOT NULL,
	PRIMARY KEY(`client_id`, `status`)
);
--> statement-breakpoint
CREATE INDEX `tickets_client_status_queued` ON `tickets` (`client_id`,`status`,`queued_at`);--> statement-breakpoint
-- client_ticket_counts follows every ticket written, moved to another status or client, or deleted;
-- seeded with the tickets already there.
INSERT INTO `client_ticket_counts` (`client_id`, `status`, `tickets`)
SELECT `client_id`, `status`, count(*) FROM `tickets` GROUP BY `client_id`, `status`;
--> statement-breakpoint
CREATE TRIGGER `client_ticket_counts_insert` AFTER INSERT ON `tickets`
BEGIN
  INSERT INTO `client_ticket_counts` (`client_id`, `status`, `tickets`) VALUES (NEW.client_id, NEW.status, 1)
  ON CONFLICT (`client_id`, `status`) DO UPDATE SET `tickets` = `tickets` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `client_ticket_counts_update` AFTER UPDATE OF `status`, `client_id` ON `tickets`
WHEN NEW.status IS NOT OLD.status OR NEW.client_id IS NOT OLD.client_id
BEGIN
  UPDATE `client_ticket_counts` SET `tickets` = `tickets` - 1 WHERE `client_id` = OLD.client_id AND `status` = OLD.status;
  INSERT INTO `client_ticket_counts` (`client_id`, `status`, `tickets`) VALUES (NEW.client_id, NEW.status, 1)
  ON CONFLICT (`client_id`, `status`) DO UPDATE SET `tickets` = `tickets` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `client_ticket_counts_delete` AFTER DELETE ON `tickets`
BEGIN
  UPDATE `client_ticket_counts` SET `tickets` = `tickets` - 1 WHERE `client_id` = OLD.client_id AND `status` = OLD.status;
END;
