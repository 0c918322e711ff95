CREATE TABLE `asset_counts` (
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `job_counts` (
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `kind`, `state`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `asset_counts` (`user_id`, `kind`, `count`)
  SELECT `user_id`, `kind`, count(*) FROM `assets` GROUP BY `user_id`, `kind`;--> statement-breakpoint
INSERT INTO `job_counts` (`user_id`, `kind`, `state`, `count`)
  SELECT `user_id`, `kind`, `state`, count(*) FROM `jobs` WHERE `user_id` IS NOT NULL
  GROUP BY `user_id`, `kind`, `state`;--> statement-breakpoint
-- Each trigger makes the row it adds to when missing (count 0), then counts. Not INSERT OR IGNORE:
-- the conflict clause of the statement that fires a trigger overrides the trigger's own, and the
-- job queue's upsert would turn the IGNORE into an error.
CREATE TRIGGER `assets_count_insert` AFTER INSERT ON `assets` BEGIN
  INSERT INTO `asset_counts` (`user_id`, `kind`, `count`) SELECT NEW.`user_id`, NEW.`kind`, 0
    WHERE NOT EXISTS (SELECT 1 FROM `asset_counts` WHERE `user_id` = NEW.`user_id` AND `kind` = NEW.`kind`);
  UPDATE `asset_counts` SET `count` = `count` + 1 WHERE `user_id` = NEW.`user_id` AND `kind` = NEW.`kind`;
END;--> statement-breakpoint
CREATE TRIGGER `assets_count_update` AFTER UPDATE OF `user_id`, `kind` ON `assets`
  WHEN OLD.`user_id` IS NOT NEW.`user_id` OR OLD.`kind` IS NOT NEW.`kind` BEGIN
  UPDATE `asset_counts` SET `count` = `count` - 1 WHERE `user_id` = OLD.`user_id` AND `kind` = OLD.`kind`;
  INSERT INTO `asset_counts` (`user_id`, `kind`, `count`) SELECT NEW.`user_id`, NEW.`kind`, 0
    WHERE NOT EXISTS (SELECT 1 FROM `asset_counts` WHERE `user_id` = NEW.`user_id` AND `kind` = NEW.`kind`);
  UPDATE `asset_counts` SET `count` = `count` + 1 WHERE `user_id` = NEW.`user_id` AND `kind` = NEW.`kind`;
END;--> statement-breakpoint
CREATE TRIGGER `assets_count_delete` AFTER DELETE ON `assets` BEGIN
  UPDATE `asset_counts` SET `count` = `count` - 1 WHERE `user_id` = OLD.`user_id` AND `kind` = OLD.`kind`;
END;--> statement-breakpoint
CREATE TRIGGER `jobs_count_insert` AFTER INSERT ON `jobs` WHEN NEW.`user_id` IS NOT NULL BEGIN
  INSERT INTO `job_counts` (`user_id`, `kind`, `state`, `count`) SELECT NEW.`user_id`, NEW.`kind`, NEW.`state`, 0
    WHERE NOT EXISTS (SELECT 1 FROM `job_counts` WHERE `user_id` = NEW.`user_id` AND `kind` = NEW.`kind` AND `state` = NEW.`state`);
  UPDATE `job_counts` SET `count` = `count` + 1
    WHERE `user_id` = NEW.`user_id` AND `kind` = NEW.`kind` AND `state` = NEW.`state`;
END;--> statement-breakpoint
CREATE TRIGGER `jobs_count_update` AFTER UPDATE OF `user_id`, `kind`, `state` ON `jobs`
  WHEN OLD.`user_id` IS NOT NEW.`user_id` OR OLD.`kind` IS NOT NEW.`kind` OR OLD.`state` IS NOT NEW.`state` BEGIN
  UPDATE `job_counts` SET `count` = `count` - 1
    WHERE `user_id` = OLD.`user_id` AND `kind` = OLD.`kind` AND `state` = OLD.`state`;
  INSERT INTO `job_counts` (`user_id`, `kind`, `state`, `count`) SELECT NEW.`user_id`, NEW.`kind`, NEW.`state`, 0
    WHERE NEW.`user_id` IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM `job_counts` WHERE `user_id` = NEW.`user_id` AND `kind` = NEW.`kind` AND `state` = NEW.`state`);
  UPDATE `job_counts` SET `count` = `count` + 1
    WHERE `user_id` = NEW.`user_id` AND `kind` = NEW.`kind` AND `state` = NEW.`state`;
END;--> statement-breakpoint
CREATE TRIGGER `jobs_count_delete` AFTER DELETE ON `jobs` WHEN OLD.`user_id` IS NOT NULL BEGIN
  UPDATE `job_counts` SET `count` = `count` - 1
    WHERE `user_id` = OLD.`user_id` AND `kind` = OLD.`kind` AND `state` = OLD.`state`;
END;
