DROP INDEX `resources_file_idx`;--> statement-breakpoint
CREATE INDEX `resources_asset_type_id_idx` ON `resources` (`asset_id`,`type`,`id`);--> statement-breakpoint
CREATE INDEX `resources_file_idx` ON `resources` (`file_id`,`asset_id`,`id`);--> statement-breakpoint
CREATE INDEX `assets_device_asset_version_idx` ON `assets` (`device_id`,`device_asset_id`,`user_id`,`modified_at`,`id`) WHERE "assets"."device_asset_id" is not null;--> statement-breakpoint
CREATE INDEX `files_user_sha256_size_idx` ON `files` (`user_id`,`sha256`,`size`,`id`);