-- ticket_counts follows every ticket written, moved from one status to another or deleted.
-- The three statuses are seeded with the tickets already there; the triggers only update them.
INSERT INTO `ticket_counts` (`status`, `tickets`)
SELECT s.status, (SELECT count(*) FROM `tickets` t WHERE t.status = s.status)
FROM (SELECT 'pending' AS status UNION ALL SELECT 'in_progress' UNION ALL SELECT 'resolved') s;
--> statement-breakpoint
CREATE TRIGGER `ticket_counts_insert` AFTER INSERT ON `tickets`
BEGIN UPDATE `ticket_counts` SET `tickets` = `tickets` + 1 WHERE `status` = NEW.status; END;
--> statement-breakpoint
CREATE TRIGGER `ticket_counts_update` AFTER UPDATE OF `status` ON `tickets` WHEN NEW.status IS NOT OLD.status
BEGIN
  UPDATE `ticket_counts` SET `tickets` = `tickets` - 1 WHERE `status` = OLD.status;
  UPDATE `ticket_counts` SET `tickets` = `tickets` + 1 WHERE `status` = NEW.status;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_counts_delete` AFTER DELETE ON `tickets`
BEGIN UPDATE `ticket_counts` SET `tickets` = `tickets` - 1 WHERE `status` = OLD.status; END;
