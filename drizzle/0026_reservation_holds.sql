ALTER TABLE `reservations` ADD `hold_expires_at` integer;--> statement-breakpoint
ALTER TABLE `reservations` ADD `hold_enqueued_at` integer;--> statement-breakpoint
ALTER TABLE `reservations` ADD `held_from` text;--> statement-breakpoint
ALTER TABLE `reservations` ADD `confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `reservations` ADD `moves` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `reservations` ADD `change_mail_due_at` integer;--> statement-breakpoint
ALTER TABLE `reservations` ADD `change_mail_enqueued_at` integer;--> statement-breakpoint
CREATE INDEX `reservations_held_from_idx` ON `reservations` (`held_from`,`status`);