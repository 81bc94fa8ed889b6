CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY NOT NULL,
	`client_id` integer NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`language` text DEFAULT 'fr' NOT NULL,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_email_nocase` ON `contacts` (lower("email")) WHERE "contacts"."removed_at" IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_client` ON `contacts` (`client_id`);--> statement-breakpoint
CREATE TABLE `portal_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`contact_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `portal_sessions_contact` ON `portal_sessions` (`contact_id`);--> statement-breakpoint
CREATE INDEX `portal_sessions_last_seen` ON `portal_sessions` (`last_seen_at`);--> statement-breakpoint
CREATE TABLE `sign_in_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`contact_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sign_in_tokens_token_hash_unique` ON `sign_in_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sign_in_tokens_expires` ON `sign_in_tokens` (`expires_at`);--> statement-breakpoint
DROP INDEX `tickets_client_status`;--> statement-breakpoint
ALTER TABLE `tickets` ADD `requester_id` integer REFERENCES contacts(id);--> statement-breakpoint
ALTER TABLE `tickets` ADD `form_key` text;--> statement-breakpoint
CREATE INDEX `tickets_client_status_resolved` ON `tickets` (`client_id`,`status`,`resolved_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_requester_form` ON `tickets` (`requester_id`,`form_key`) WHERE "tickets"."form_key" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `kind` text DEFAULT 'receipt' NOT NULL;