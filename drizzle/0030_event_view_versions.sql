ALTER TABLE `venues` ADD `view_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `view_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- What the public forms of an event show changed: its view_version moves on, so every process
-- renders it afresh (src/events/event-forms.ts). Triggers, so no write path can forget it.
CREATE TRIGGER `events_view_version` AFTER UPDATE OF `organization_id`, `title`, `summary`, `body`, `language`, `topics`, `co_organizer_ids`, `start_at`, `end_at`, `booking_id`, `online_url`, `capacity`, `confirm_registrations`, `ask_mobile`, `questions`, `status`, `sequence`, `published_at`, `updated_at` ON `events`
BEGIN
  UPDATE `events` SET `view_version` = `view_version` + 1 WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `venues_view_version` AFTER UPDATE OF `organization_id`, `name`, `address`, `timezone` ON `venues`
BEGIN
  UPDATE `venues` SET `view_version` = `view_version` + 1 WHERE `id` = NEW.`id`;
END;
