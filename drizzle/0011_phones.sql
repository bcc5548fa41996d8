CREATE TABLE `sign_in_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sign_in_codes_member_idx` ON `sign_in_codes` (`member_id`,`id`);--> statement-breakpoint
ALTER TABLE `members` ADD `mobile` text;--> statement-breakpoint
CREATE UNIQUE INDEX `members_mobile_unique` ON `members` (`mobile`);--> statement-breakpoint
ALTER TABLE `events` ADD `ask_mobile` text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE `registrations` ADD `mobile` text;