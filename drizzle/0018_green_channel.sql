CREATE TABLE `calendar_days` (
	`date` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `centre_staff` (
	`centre_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	PRIMARY KEY(`centre_id`, `member_id`),
	FOREIGN KEY (`centre_id`) REFERENCES `service_centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reservations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`item_id` integer NOT NULL,
	`centre_id` integer NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`company` text,
	`credit_code` text,
	`language` text DEFAULT 'zh-CN' NOT NULL,
	`status` text DEFAULT 'confirmed' NOT NULL,
	`checked_in_at` integer,
	`served_at` integer,
	`cancelled_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `service_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`centre_id`) REFERENCES `service_centres`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reservations_number_idx` ON `reservations` (`number`);--> statement-breakpoint
CREATE INDEX `reservations_slot_idx` ON `reservations` (`item_id`,`centre_id`,`start_at`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `reservations_active_idx` ON `reservations` (`email`,`item_id`) WHERE status in ('confirmed', 'checked_in');--> statement-breakpoint
CREATE INDEX `reservations_centre_day_idx` ON `reservations` (`centre_id`,`start_at`);--> statement-breakpoint
CREATE TABLE `service_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_categories_code_unique` ON `service_categories` (`code`);--> statement-breakpoint
CREATE TABLE `service_centres` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`address` text,
	`timezone` text DEFAULT 'Asia/Shanghai' NOT NULL,
	`opening_hours` text NOT NULL,
	`make_up_day_hours` text DEFAULT 'mon' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `service_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`category_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '{}' NOT NULL,
	`bring` text DEFAULT '{}' NOT NULL,
	`duration_minutes` integer NOT NULL,
	`seats_per_slot` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `service_categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_items_code_unique` ON `service_items` (`code`);--> statement-breakpoint
CREATE TABLE `service_offerings` (
	`item_id` integer NOT NULL,
	`centre_id` integer NOT NULL,
	PRIMARY KEY(`item_id`, `centre_id`),
	FOREIGN KEY (`item_id`) REFERENCES `service_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`centre_id`) REFERENCES `service_centres`(`id`) ON UPDATE no action ON DELETE no action
);
