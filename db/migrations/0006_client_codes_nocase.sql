DROP INDEX `clients_code_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `clients_code_nocase` ON `clients` (lower("code"));