CREATE TABLE `erasures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reason` text NOT NULL,
	`due_at` integer,
	`enqueued_at` integer,
	`done_at` integer,
	`counts` text,
	`member_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `erasures_due_idx` ON `erasures` (`due_at`);--> statement-breakpoint
CREATE TABLE `privacy_notices` (
	`version` text PRIMARY KEY NOT NULL,
	`zh` text NOT NULL,
	`en` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `emails` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `invitations` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `registrations` ADD `notice_version` text;--> statement-breakpoint
ALTER TABLE `registrations` ADD `notice_at` integer;--> statement-breakpoint
ALTER TABLE `registrations` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `notice_version` text;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `notice_at` integer;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `reservations` ADD `notice_version` text;--> statement-breakpoint
ALTER TABLE `reservations` ADD `notice_at` integer;--> statement-breakpoint
ALTER TABLE `reservations` ADD `erased_at` integer;