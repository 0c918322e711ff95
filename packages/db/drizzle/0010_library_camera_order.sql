DROP INDEX `assets_user_camera_idx`;--> statement-breakpoint
CREATE INDEX `assets_user_camera_sort_idx` ON `assets` (`user_id`,`make`,`model`,`sort_at`,`id`);