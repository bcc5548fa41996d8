CREATE TABLE `digest_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`due_at` integer NOT NULL,
	`enqueued_at` integer,
	`done_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_runs_due_at_unique` ON `digest_runs` (`due_at`);--> statement-breakpoint
ALTER TABLE `emails` ADD `headers` text;