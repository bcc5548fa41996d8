CREATE TABLE `backup_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`due_at` integer NOT NULL,
	`enqueued_at` integer,
	`done_at` integer,
	`file` text,
	`bytes` integer,
	`ok` integer,
	`error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `backup_runs_due_at_unique` ON `backup_runs` (`due_at`);