ALTER TABLE `bookings` ADD `group_id` text;--> statement-breakpoint
CREATE INDEX `bookings_group_idx` ON `bookings` (`group_id`);