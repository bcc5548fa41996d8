CREATE TABLE `co_organizer_requests` (
	`event_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	`status` text DEFAULT 'asked' NOT NULL,
	`answered_by` integer,
	`answered_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`event_id`, `organization_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `co_organizer_requests_org_idx` ON `co_organizer_requests` (`organization_id`,`status`);--> statement-breakpoint
-- Co-organizers named before consent was asked become requests their members answer; until then
-- they are neither shown nor credited.
INSERT OR IGNORE INTO `co_organizer_requests` (`event_id`, `organization_id`, `status`) SELECT `events`.`id`, `value`, 'asked' FROM `events`, json_each(`events`.`co_organizer_ids`);--> statement-breakpoint
UPDATE `events` SET `co_organizer_ids` = '[]' WHERE `co_organizer_ids` != '[]';
