CREATE TABLE `organization_years` (
	`organization_id` integer NOT NULL,
	`year` integer NOT NULL,
	`teams_incubated` integer NOT NULL,
	`international_teams` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `year`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `profile_proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`proposed_by` integer NOT NULL,
	`changes` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `profile_proposals_status_idx` ON `profile_proposals` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `profile_proposals_organization_idx` ON `profile_proposals` (`organization_id`,`id`);--> statement-breakpoint
ALTER TABLE `organizations` ADD `level` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `brand` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `floor_area_m2` integer;--> statement-breakpoint
ALTER TABLE `organizations` ADD `founded_year` integer;--> statement-breakpoint
ALTER TABLE `organizations` ADD `address` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `website` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `description` text;