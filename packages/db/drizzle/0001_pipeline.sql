CREATE TABLE `queue_states` (
	`kind` text PRIMARY KEY NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `assets` ADD `taken_at_offset` text;--> statement-breakpoint
ALTER TABLE `assets` ADD `make` text;--> statement-breakpoint
ALTER TABLE `assets` ADD `model` text;--> statement-breakpoint
ALTER TABLE `assets` ADD `lens` text;--> statement-breakpoint
ALTER TABLE `assets` ADD `width` integer;--> statement-breakpoint
ALTER TABLE `assets` ADD `height` integer;--> statement-breakpoint
ALTER TABLE `assets` ADD `duration_ms` integer;--> statement-breakpoint
ALTER TABLE `assets` ADD `content_identifier` text;--> statement-breakpoint
CREATE INDEX `assets_user_content_identifier_idx` ON `assets` (`user_id`,`content_identifier`);--> statement-breakpoint
ALTER TABLE `files` ADD `thumbhash` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `last_error_step` text;