CREATE TABLE `database_identity` (
	`id` integer PRIMARY KEY NOT NULL,
	`lifetime` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	CONSTRAINT "database_identity_one_row" CHECK("database_identity"."id" = 1)
);
--> statement-breakpoint
-- Every database, new or migrated, gets its lifetime name here (renewed in backups and restores).
INSERT INTO `database_identity` (`id`, `lifetime`) VALUES (1, lower(hex(randomblob(5))));
