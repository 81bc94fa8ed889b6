ALTER TABLE `tickets` ADD `to_bill` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_to_bill` ON `tickets` (`id`) WHERE "tickets"."to_bill" = 1;