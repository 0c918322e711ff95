ALTER TABLE `uploads` ADD `resolved_at` integer;--> statement-breakpoint
-- A failed or expired upload is fixed by a stored upload of the same resource from the same device
-- (`device_id IS`: a browser has none) that started no earlier: matched by the phone's asset id and
-- resource type, or by file name where there is no asset id. Each side is one range of an index
-- on (user_id, state, device_asset_id) or (user_id, state, filename), hence two statements each,
-- pinned with INDEXED BY (in a subquery inside triggers, where UPDATE may not name an index):
-- without statistics SQLite took (user_id, state, started_at) and read every later upload for
-- each one, and this migration took 187 s at 100k assets.
UPDATE `uploads` SET `resolved_at` = (
  SELECT min(coalesce(`s`.`finished_at`, `s`.`updated_at`)) FROM `uploads` AS `s` INDEXED BY `uploads_user_state_asset_idx`
    WHERE `s`.`user_id` = `uploads`.`user_id` AND `s`.`state` = 'stored'
      AND `s`.`device_asset_id` = `uploads`.`device_asset_id` AND `s`.`resource_type` = `uploads`.`resource_type`
      AND `s`.`device_id` IS `uploads`.`device_id` AND `s`.`started_at` >= `uploads`.`started_at`)
  WHERE `state` IN ('failed', 'expired') AND `device_asset_id` IS NOT NULL;--> statement-breakpoint
UPDATE `uploads` SET `resolved_at` = (
  SELECT min(coalesce(`s`.`finished_at`, `s`.`updated_at`)) FROM `uploads` AS `s` INDEXED BY `uploads_user_state_filename_idx`
    WHERE `s`.`user_id` = `uploads`.`user_id` AND `s`.`state` = 'stored' AND `s`.`filename` = `uploads`.`filename`
      AND `s`.`device_id` IS `uploads`.`device_id` AND `s`.`started_at` >= `uploads`.`started_at`)
  WHERE `state` IN ('failed', 'expired') AND `device_asset_id` IS NULL;--> statement-breakpoint
CREATE TRIGGER `uploads_stored_resolve_insert` AFTER INSERT ON `uploads` WHEN NEW.`state` = 'stored' BEGIN
  UPDATE `uploads` SET `resolved_at` = coalesce(NEW.`finished_at`, NEW.`updated_at`) WHERE `id` IN (
    SELECT `id` FROM `uploads` AS `f` INDEXED BY `uploads_user_state_asset_idx`
      WHERE NEW.`device_asset_id` IS NOT NULL AND `f`.`user_id` = NEW.`user_id` AND `f`.`state` IN ('failed', 'expired')
        AND `f`.`device_asset_id` = NEW.`device_asset_id` AND `f`.`resource_type` = NEW.`resource_type`
        AND `f`.`device_id` IS NEW.`device_id` AND `f`.`started_at` <= NEW.`started_at` AND `f`.`resolved_at` IS NULL);
  UPDATE `uploads` SET `resolved_at` = coalesce(NEW.`finished_at`, NEW.`updated_at`) WHERE `id` IN (
    SELECT `id` FROM `uploads` AS `f` INDEXED BY `uploads_user_state_filename_idx`
      WHERE `f`.`user_id` = NEW.`user_id` AND `f`.`state` IN ('failed', 'expired') AND `f`.`filename` = NEW.`filename`
        AND `f`.`device_asset_id` IS NULL AND `f`.`device_id` IS NEW.`device_id` AND `f`.`started_at` <= NEW.`started_at`
        AND `f`.`resolved_at` IS NULL);
END;--> statement-breakpoint
CREATE TRIGGER `uploads_stored_resolve_update` AFTER UPDATE OF `state` ON `uploads`
  WHEN NEW.`state` = 'stored' AND OLD.`state` IS NOT 'stored' BEGIN
  UPDATE `uploads` SET `resolved_at` = coalesce(NEW.`finished_at`, NEW.`updated_at`) WHERE `id` IN (
    SELECT `id` FROM `uploads` AS `f` INDEXED BY `uploads_user_state_asset_idx`
      WHERE NEW.`device_asset_id` IS NOT NULL AND `f`.`user_id` = NEW.`user_id` AND `f`.`state` IN ('failed', 'expired')
        AND `f`.`device_asset_id` = NEW.`device_asset_id` AND `f`.`resource_type` = NEW.`resource_type`
        AND `f`.`device_id` IS NEW.`device_id` AND `f`.`started_at` <= NEW.`started_at` AND `f`.`resolved_at` IS NULL);
  UPDATE `uploads` SET `resolved_at` = coalesce(NEW.`finished_at`, NEW.`updated_at`) WHERE `id` IN (
    SELECT `id` FROM `uploads` AS `f` INDEXED BY `uploads_user_state_filename_idx`
      WHERE `f`.`user_id` = NEW.`user_id` AND `f`.`state` IN ('failed', 'expired') AND `f`.`filename` = NEW.`filename`
        AND `f`.`device_asset_id` IS NULL AND `f`.`device_id` IS NEW.`device_id` AND `f`.`started_at` <= NEW.`started_at`
        AND `f`.`resolved_at` IS NULL);
END;--> statement-breakpoint
-- An upload that fails after a later one already stored the same resource is fixed at once.
CREATE TRIGGER `uploads_failed_resolve_insert` AFTER INSERT ON `uploads`
  WHEN NEW.`state` IN ('failed', 'expired') BEGIN
  UPDATE `uploads` SET `resolved_at` = (
    SELECT min(coalesce(`s`.`finished_at`, `s`.`updated_at`)) FROM `uploads` AS `s` INDEXED BY `uploads_user_state_asset_idx`
      WHERE `s`.`user_id` = NEW.`user_id` AND `s`.`state` = 'stored'
        AND `s`.`device_asset_id` = NEW.`device_asset_id` AND `s`.`resource_type` = NEW.`resource_type`
        AND `s`.`device_id` IS NEW.`device_id` AND `s`.`started_at` >= NEW.`started_at`)
    WHERE `id` = NEW.`id` AND NEW.`device_asset_id` IS NOT NULL;
  UPDATE `uploads` SET `resolved_at` = (
    SELECT min(coalesce(`s`.`finished_at`, `s`.`updated_at`)) FROM `uploads` AS `s` INDEXED BY `uploads_user_state_filename_idx`
      WHERE `s`.`user_id` = NEW.`user_id` AND `s`.`state` = 'stored' AND `s`.`filename` = NEW.`filename`
        AND `s`.`device_id` IS NEW.`device_id` AND `s`.`started_at` >= NEW.`started_at`)
    WHERE `id` = NEW.`id` AND NEW.`device_asset_id` IS NULL;
END;--> statement-breakpoint
CREATE TRIGGER `uploads_failed_resolve_update` AFTER UPDATE OF `state` ON `uploads`
  WHEN NEW.`state` IN ('failed', 'expired') AND OLD.`state` NOT IN ('failed', 'expired') BEGIN
  UPDATE `uploads` SET `resolved_at` = (
    SELECT min(coalesce(`s`.`finished_at`, `s`.`updated_at`)) FROM `uploads` AS `s` INDEXED BY `uploads_user_state_asset_idx`
      WHERE `s`.`user_id` = NEW.`user_id` AND `s`.`state` = 'stored'
        AND `s`.`device_asset_id` = NEW.`device_asset_id` AND `s`.`resource_type` = NEW.`resource_type`
        AND `s`.`device_id` IS NEW.`device_id` AND `s`.`started_at` >= NEW.`started_at`)
    WHERE `id` = NEW.`id` AND NEW.`device_asset_id` IS NOT NULL;
  UPDATE `uploads` SET `resolved_at` = (
    SELECT min(coalesce(`s`.`finished_at`, `s`.`updated_at`)) FROM `uploads` AS `s` INDEXED BY `uploads_user_state_filename_idx`
      WHERE `s`.`user_id` = NEW.`user_id` AND `s`.`state` = 'stored' AND `s`.`filename` = NEW.`filename`
        AND `s`.`device_id` IS NEW.`device_id` AND `s`.`started_at` >= NEW.`started_at`)
    WHERE `id` = NEW.`id` AND NEW.`device_asset_id` IS NULL;
END;
