CREATE TABLE `ticket_counts` (
	`status` text PRIMARY KEY NOT NULL,
	`tickets` integer NOT NULL
);
