CREATE TABLE `event_pictures` (
	`event_id` integer PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`poster` blob NOT NULL,
	`cover` blob NOT NULL,
	`qr` blob NOT NULL,
	`drawn_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `events` ADD `pictures_for` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `pictures_wanted_at` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `pictures_enqueued_at` integer;--> statement-breakpoint
CREATE INDEX `events_pictures_idx` ON `events` (`status`,`pictures_enqueued_at`);