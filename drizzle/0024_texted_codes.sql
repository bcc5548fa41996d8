-- Codes live 10 minutes: sign-in codes in flight when this runs are dropped (the member asks for a new one).
CREATE TABLE `texted_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`holder` text NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `texted_codes_holder_idx` ON `texted_codes` (`holder`,`id`);--> statement-breakpoint
DROP TABLE `sign_in_codes`;