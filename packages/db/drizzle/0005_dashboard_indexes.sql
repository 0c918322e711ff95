CREATE INDEX `assets_user_kind_idx` ON `assets` (`user_id`,`kind`);--> statement-breakpoint
CREATE INDEX `assets_user_device_idx` ON `assets` (`user_id`,`device_id`);--> statement-breakpoint
CREATE INDEX `assets_user_camera_idx` ON `assets` (`user_id`,`make`,`model`);--> statement-breakpoint
CREATE INDEX `derivatives_created_idx` ON `derivatives` (`created_at`);--> statement-breakpoint
CREATE INDEX `files_user_created_size_idx` ON `files` (`user_id`,`created_at`,`size`);--> statement-breakpoint
CREATE INDEX `jobs_state_finished_idx` ON `jobs` (`state`,`finished_at`);--> statement-breakpoint
CREATE INDEX `uploads_user_state_device_idx` ON `uploads` (`user_id`,`state`,`device_id`,`finished_at`);--> statement-breakpoint
CREATE INDEX `uploads_user_state_asset_idx` ON `uploads` (`user_id`,`state`,`device_asset_id`);--> statement-breakpoint
CREATE INDEX `uploads_user_state_filename_idx` ON `uploads` (`user_id`,`state`,`filename`);