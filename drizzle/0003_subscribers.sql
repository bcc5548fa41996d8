CREATE TABLE `subscribers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`preferences` text NOT NULL,
	`pending_preferences` text,
	`confirm_version` integer DEFAULT 1 NOT NULL,
	`bounces` integer DEFAULT 0 NOT NULL,
	`confirmed_at` integer,
	`unsubscribed_at` integer,
	`last_digest_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_email_unique` ON `subscribers` (`email`);--> statement-breakpoint
CREATE INDEX `subscribers_status_idx` ON `subscribers` (`status`);