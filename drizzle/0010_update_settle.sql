ALTER TABLE `announcements` ADD `due_at` integer;--> statement-breakpoint
ALTER TABLE `announcements` ADD `changes` text;