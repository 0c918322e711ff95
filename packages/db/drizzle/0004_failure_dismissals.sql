ALTER TABLE `jobs` ADD `dismissed_at` integer;--> statement-breakpoint
ALTER TABLE `uploads` ADD `dismissed_at` integer;