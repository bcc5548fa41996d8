ALTER TABLE `reservations` ADD `reminder_enqueued_at` integer;--> statement-breakpoint
ALTER TABLE `reservations` ADD `reminded_at` integer;--> statement-breakpoint
ALTER TABLE `reservations` ADD `no_show_enqueued_at` integer;