CREATE TABLE `resource_name_rows` (
	`row` integer PRIMARY KEY NOT NULL,
	`resource_id` text NOT NULL,
	`asset_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resource_name_rows_resource_idx` ON `resource_name_rows` (`resource_id`);--> statement-breakpoint
CREATE VIRTUAL TABLE `resource_names` USING fts5(`filename`, tokenize = 'trigram', content = '', contentless_delete = 1);--> statement-breakpoint
INSERT INTO `resource_name_rows` (`resource_id`, `asset_id`) SELECT `id`, `asset_id` FROM `resources`;--> statement-breakpoint
INSERT INTO `resource_names` (`rowid`, `filename`)
  SELECT `n`.`row`, `r`.`filename` FROM `resource_name_rows` `n` JOIN `resources` `r` ON `r`.`id` = `n`.`resource_id`;--> statement-breakpoint
CREATE TRIGGER `resources_name_insert` AFTER INSERT ON `resources` BEGIN
  INSERT INTO `resource_name_rows` (`resource_id`, `asset_id`) VALUES (NEW.`id`, NEW.`asset_id`);
  INSERT INTO `resource_names` (`rowid`, `filename`)
    SELECT `row`, NEW.`filename` FROM `resource_name_rows` WHERE `resource_id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `resources_name_rename` AFTER UPDATE OF `filename` ON `resources` WHEN NEW.`filename` IS NOT OLD.`filename` BEGIN
  DELETE FROM `resource_names` WHERE `rowid` = (SELECT `row` FROM `resource_name_rows` WHERE `resource_id` = NEW.`id`);
  INSERT INTO `resource_names` (`rowid`, `filename`)
    SELECT `row`, NEW.`filename` FROM `resource_name_rows` WHERE `resource_id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `resources_name_move` AFTER UPDATE OF `asset_id` ON `resources` BEGIN
  UPDATE `resource_name_rows` SET `asset_id` = NEW.`asset_id` WHERE `resource_id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `resources_name_delete` AFTER DELETE ON `resources` BEGIN
  DELETE FROM `resource_names` WHERE `rowid` = (SELECT `row` FROM `resource_name_rows` WHERE `resource_id` = OLD.`id`);
  DELETE FROM `resource_name_rows` WHERE `resource_id` = OLD.`id`;
END;
