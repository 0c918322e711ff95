DROP INDEX `resources_asset_type_id_idx`;--> statement-breakpoint
CREATE INDEX `resources_asset_card_idx` ON `resources` (`asset_id`,`type`,`id`,`file_id`,`filename`);--> statement-breakpoint
CREATE INDEX `derivatives_card_idx` ON `derivatives` (`file_id`,`kind`,`width`,`height`);