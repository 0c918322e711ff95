DROP INDEX `assets_user_kind_idx`;--> statement-breakpoint
DROP INDEX `assets_user_device_idx`;--> statement-breakpoint
CREATE INDEX `assets_user_kind_sort_idx` ON `assets` (`user_id`,`kind`,`sort_at`,`id`);--> statement-breakpoint
CREATE INDEX `assets_user_device_sort_idx` ON `assets` (`user_id`,`device_id`,`sort_at`,`id`);