CREATE TABLE `broadcasts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'waiting' NOT NULL,
	`remote_id` text,
	`last_error` text,
	`postponed` integer DEFAULT 0 NOT NULL,
	`enqueued_at` integer,
	`sent_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcasts_waiting_idx` ON `broadcasts` (`channel_id`) WHERE status = 'waiting';--> statement-breakpoint
CREATE INDEX `broadcasts_status_idx` ON `broadcasts` (`status`,`enqueued_at`);--> statement-breakpoint
ALTER TABLE `deliveries` ADD `broadcast_id` integer;--> statement-breakpoint
CREATE INDEX `deliveries_broadcast_idx` ON `deliveries` (`broadcast_id`);