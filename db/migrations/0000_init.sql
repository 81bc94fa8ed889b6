CREATE TABLE `bills` (
	`id` integer PRIMARY KEY NOT NULL,
	`ticket_id` integer NOT NULL,
	`at` integer NOT NULL,
	`agent` text NOT NULL,
	`worked_seconds` integer NOT NULL,
	`billable_minutes` integer NOT NULL,
	`previously_charged_minutes` integer NOT NULL,
	`charged_minutes` integer NOT NULL,
	`waived_minutes` integer NOT NULL,
	`uncovered_minutes` integer NOT NULL,
	`ledger_entry_id` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bills_ticket` ON `bills` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `bills_at` ON `bills` (`at`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`language` text DEFAULT 'fr' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_code_unique` ON `clients` (`code`);--> statement-breakpoint
CREATE TABLE `fixes` (
	`id` integer PRIMARY KEY NOT NULL,
	`ticket_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`plan` text,
	`delivery` text NOT NULL,
	`status` text NOT NULL,
	`version` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fixes_ticket_id_unique` ON `fixes` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `fixes_status` ON `fixes` (`status`,`delivery`);--> statement-breakpoint
CREATE TABLE `holiday_years` (
	`year` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `holidays` (
	`day` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY NOT NULL,
	`client_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`minutes` integer NOT NULL,
	`reference` text,
	`ticket_id` integer,
	`note` text,
	`agent` text NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_client_at` ON `ledger_entries` (`client_id`,`at`,`minutes`);--> statement-breakpoint
CREATE INDEX `ledger_ticket` ON `ledger_entries` (`ticket_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_forfeit_once` ON `ledger_entries` (`client_id`,`reference`) WHERE kind = 'forfeit';--> statement-breakpoint
CREATE TABLE `licences` (
	`id` integer PRIMARY KEY NOT NULL,
	`client_id` integer NOT NULL,
	`plan` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `licences_client_ends` ON `licences` (`client_id`,`ends_on`);--> statement-breakpoint
CREATE INDEX `licences_ends` ON `licences` (`ends_on`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`ticket_id` integer,
	`recipient` text,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`language` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`claimed_by` text,
	`claimed_until` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_state` ON `outbox` (`state`,`id`);--> statement-breakpoint
CREATE TABLE `purchases` (
	`order_id` text PRIMARY KEY NOT NULL,
	`client_id` integer NOT NULL,
	`product` text NOT NULL,
	`quantity` integer NOT NULL,
	`purchased_at` integer NOT NULL,
	`minutes` integer NOT NULL,
	`ledger_entry_id` integer NOT NULL,
	`imported_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`ticket_id` integer NOT NULL,
	`at` integer NOT NULL,
	`agent` text NOT NULL,
	`event` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket` ON `ticket_events` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY NOT NULL,
	`client_id` integer NOT NULL,
	`subject` text NOT NULL,
	`body` text,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`queued_at` integer NOT NULL,
	`taken_at` integer,
	`taken_by` text,
	`resolved_at` integer,
	`resolution` text,
	`defect` integer DEFAULT false NOT NULL,
	`charged_minutes` integer DEFAULT 0 NOT NULL,
	`waived_minutes` integer DEFAULT 0 NOT NULL,
	`uncovered_minutes` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tickets_status_queued` ON `tickets` (`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `tickets_status_taken` ON `tickets` (`status`,`taken_at`);--> statement-breakpoint
CREATE INDEX `tickets_status_resolved` ON `tickets` (`status`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `tickets_client_status` ON `tickets` (`client_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_agent_status` ON `tickets` (`taken_by`,`status`);--> statement-breakpoint
CREATE TABLE `time_entries` (
	`id` integer PRIMARY KEY NOT NULL,
	`ticket_id` integer NOT NULL,
	`agent` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`note` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `time_entries_ticket` ON `time_entries` (`ticket_id`,`ended_at`);--> statement-breakpoint
CREATE INDEX `time_entries_agent` ON `time_entries` (`agent`);