CREATE TABLE `feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`registration_id` integer NOT NULL,
	`event_id` integer NOT NULL,
	`rating` integer NOT NULL,
	`recommend` integer,
	`comment` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_registration_idx` ON `feedback` (`registration_id`);--> statement-breakpoint
CREATE INDEX `feedback_event_idx` ON `feedback` (`event_id`);--> statement-breakpoint
ALTER TABLE `events` ADD `feedback_enqueued_at` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `feedback_requested_at` integer;--> statement-breakpoint
-- Events that ended before attendees could be asked are not asked now: the survey is for events from here on.
UPDATE `events` SET `feedback_requested_at` = `end_at` WHERE `end_at` < unixepoch('subsec') * 1000;
