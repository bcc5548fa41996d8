ALTER TABLE `events` ADD `confirm_registrations` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `registrations` ADD `hold_expires_at` integer;--> statement-breakpoint
ALTER TABLE `registrations` ADD `hold_enqueued_at` integer;