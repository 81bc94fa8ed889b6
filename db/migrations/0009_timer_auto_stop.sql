DROP INDEX `ledger_forfeit_once`;--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_forfeit_once` ON `ledger_entries` (`client_id`,`reference`) WHERE kind = 'forfeit' AND ticket_id IS NULL;--> statement-breakpoint
ALTER TABLE `time_entries` ADD `stops_at` integer;--> statement-breakpoint
-- Timers already running when stops_at arrived: SQL has no time zones, so the stop is
-- reckoned in UTC+1 (Europe/Paris in winter): 17:00 local (16:00 UTC) of the day started,
-- or the end of that local day (23:00 UTC) when started later. New timers get the exact
-- instant from the business time zone and the holidays (autoStopAt).
UPDATE `time_entries` SET `stops_at` = CASE
    WHEN (`started_at` + 3600000) % 86400000 < 17 * 3600000 THEN `started_at` - (`started_at` + 3600000) % 86400000 + 17 * 3600000
    ELSE `started_at` - (`started_at` + 3600000) % 86400000 + 24 * 3600000
  END
WHERE `ended_at` IS NULL;
