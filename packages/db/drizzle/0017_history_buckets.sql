CREATE TABLE `history_buckets` (
	`user_id` text NOT NULL,
	`bucket` integer NOT NULL,
	`uploads` integer DEFAULT 0 NOT NULL,
	`uploaded_bytes` integer DEFAULT 0 NOT NULL,
	`file_bytes` integer DEFAULT 0 NOT NULL,
	`derivative_bytes` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `bucket`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP INDEX `derivatives_created_idx`;--> statement-breakpoint
-- One pass over each table for everyone (a quarter-hour is 900,000 ms).
INSERT INTO `history_buckets` (`user_id`, `bucket`, `uploads`, `uploaded_bytes`, `file_bytes`, `derivative_bytes`)
  SELECT `owner`, `quarter`, sum(`n`), sum(`received`), sum(`original`), sum(`derived`) FROM (
    SELECT `user_id` AS `owner`, `finished_at` / 900000 AS `quarter`, 1 AS `n`, `received_bytes` AS `received`,
      0 AS `original`, 0 AS `derived`
      FROM `uploads` WHERE `state` = 'stored' AND `finished_at` IS NOT NULL
    UNION ALL
    SELECT `user_id`, `created_at` / 900000, 0, 0, `size`, 0 FROM `files`
    UNION ALL
    SELECT `files`.`user_id`, `derivatives`.`created_at` / 900000, 0, 0, 0, `derivatives`.`size`
      FROM `derivatives` JOIN `files` ON `files`.`id` = `derivatives`.`file_id`
  ) GROUP BY `owner`, `quarter`;--> statement-breakpoint
-- Each trigger makes the row it adds to when missing, then adds (the pattern of 0013: not INSERT
-- OR IGNORE, whose conflict clause the statement that fires the trigger would override).
CREATE TRIGGER `uploads_history_insert` AFTER INSERT ON `uploads`
  WHEN NEW.`state` = 'stored' AND NEW.`finished_at` IS NOT NULL BEGIN
  INSERT INTO `history_buckets` (`user_id`, `bucket`) SELECT NEW.`user_id`, NEW.`finished_at` / 900000
    WHERE NOT EXISTS (SELECT 1 FROM `history_buckets`
      WHERE `user_id` = NEW.`user_id` AND `bucket` = NEW.`finished_at` / 900000);
  UPDATE `history_buckets` SET `uploads` = `uploads` + 1, `uploaded_bytes` = `uploaded_bytes` + NEW.`received_bytes`
    WHERE `user_id` = NEW.`user_id` AND `bucket` = NEW.`finished_at` / 900000;
END;--> statement-breakpoint
-- Progress updates of uploads still receiving pass the WHEN and nothing else.
CREATE TRIGGER `uploads_history_update` AFTER UPDATE OF `state`, `finished_at`, `received_bytes`, `user_id` ON `uploads`
  WHEN (OLD.`state` = 'stored' AND OLD.`finished_at` IS NOT NULL)
    OR (NEW.`state` = 'stored' AND NEW.`finished_at` IS NOT NULL) BEGIN
  UPDATE `history_buckets` SET `uploads` = `uploads` - 1, `uploaded_bytes` = `uploaded_bytes` - OLD.`received_bytes`
    WHERE OLD.`state` = 'stored' AND OLD.`finished_at` IS NOT NULL
      AND `user_id` = OLD.`user_id` AND `bucket` = OLD.`finished_at` / 900000;
  INSERT INTO `history_buckets` (`user_id`, `bucket`) SELECT NEW.`user_id`, NEW.`finished_at` / 900000
    WHERE NEW.`state` = 'stored' AND NEW.`finished_at` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `history_buckets`
      WHERE `user_id` = NEW.`user_id` AND `bucket` = NEW.`finished_at` / 900000);
  UPDATE `history_buckets` SET `uploads` = `uploads` + 1, `uploaded_bytes` = `uploaded_bytes` + NEW.`received_bytes`
    WHERE NEW.`state` = 'stored' AND NEW.`finished_at` IS NOT NULL
      AND `user_id` = NEW.`user_id` AND `bucket` = NEW.`finished_at` / 900000;
END;--> statement-breakpoint
CREATE TRIGGER `uploads_history_delete` AFTER DELETE ON `uploads`
  WHEN OLD.`state` = 'stored' AND OLD.`finished_at` IS NOT NULL BEGIN
  UPDATE `history_buckets` SET `uploads` = `uploads` - 1, `uploaded_bytes` = `uploaded_bytes` - OLD.`received_bytes`
    WHERE `user_id` = OLD.`user_id` AND `bucket` = OLD.`finished_at` / 900000;
END;--> statement-breakpoint
CREATE TRIGGER `files_history_insert` AFTER INSERT ON `files` BEGIN
  INSERT INTO `history_buckets` (`user_id`, `bucket`) SELECT NEW.`user_id`, NEW.`created_at` / 900000
    WHERE NOT EXISTS (SELECT 1 FROM `history_buckets`
      WHERE `user_id` = NEW.`user_id` AND `bucket` = NEW.`created_at` / 900000);
  UPDATE `history_buckets` SET `file_bytes` = `file_bytes` + NEW.`size`
    WHERE `user_id` = NEW.`user_id` AND `bucket` = NEW.`created_at` / 900000;
END;--> statement-breakpoint
CREATE TRIGGER `files_history_update` AFTER UPDATE OF `size`, `created_at`, `user_id` ON `files`
  WHEN OLD.`size` IS NOT NEW.`size` OR OLD.`created_at` IS NOT NEW.`created_at` OR OLD.`user_id` IS NOT NEW.`user_id` BEGIN
  UPDATE `history_buckets` SET `file_bytes` = `file_bytes` - OLD.`size`
    WHERE `user_id` = OLD.`user_id` AND `bucket` = OLD.`created_at` / 900000;
  INSERT INTO `history_buckets` (`user_id`, `bucket`) SELECT NEW.`user_id`, NEW.`created_at` / 900000
    WHERE NOT EXISTS (SELECT 1 FROM `history_buckets`
      WHERE `user_id` = NEW.`user_id` AND `bucket` = NEW.`created_at` / 900000);
  UPDATE `history_buckets` SET `file_bytes` = `file_bytes` + NEW.`size`
    WHERE `user_id` = NEW.`user_id` AND `bucket` = NEW.`created_at` / 900000;
END;--> statement-breakpoint
CREATE TRIGGER `files_history_delete` AFTER DELETE ON `files` BEGIN
  UPDATE `history_buckets` SET `file_bytes` = `file_bytes` - OLD.`size`
    WHERE `user_id` = OLD.`user_id` AND `bucket` = OLD.`created_at` / 900000;
END;--> statement-breakpoint
-- A file's derivatives leave with it (ON DELETE CASCADE) after its row is gone, when the
-- derivative triggers below no longer find their owner: the file's own delete takes them off first.
CREATE TRIGGER `files_history_remove_derivatives` BEFORE DELETE ON `files` BEGIN
  UPDATE `history_buckets` SET `derivative_bytes` = `derivative_bytes` - (
    SELECT coalesce(sum(`size`), 0) FROM `derivatives`
      WHERE `file_id` = OLD.`id` AND `created_at` / 900000 = `history_buckets`.`bucket`)
  WHERE `user_id` = OLD.`user_id`
    AND `bucket` IN (SELECT `created_at` / 900000 FROM `derivatives` WHERE `file_id` = OLD.`id`);
END;--> statement-breakpoint
CREATE TRIGGER `derivatives_history_insert` AFTER INSERT ON `derivatives` BEGIN
  INSERT INTO `history_buckets` (`user_id`, `bucket`)
    SELECT `user_id`, NEW.`created_at` / 900000 FROM `files` WHERE `id` = NEW.`file_id`
      AND NOT EXISTS (SELECT 1 FROM `history_buckets`
        WHERE `history_buckets`.`user_id` = `files`.`user_id` AND `bucket` = NEW.`created_at` / 900000);
  UPDATE `history_buckets` SET `derivative_bytes` = `derivative_bytes` + NEW.`size`
    WHERE `user_id` = (SELECT `user_id` FROM `files` WHERE `id` = NEW.`file_id`)
      AND `bucket` = NEW.`created_at` / 900000;
END;--> statement-breakpoint
CREATE TRIGGER `derivatives_history_update` AFTER UPDATE OF `size`, `file_id`, `created_at` ON `derivatives`
  WHEN OLD.`size` IS NOT NEW.`size` OR OLD.`file_id` IS NOT NEW.`file_id` OR OLD.`created_at` IS NOT NEW.`created_at` BEGIN
  UPDATE `history_buckets` SET `derivative_bytes` = `derivative_bytes` - OLD.`size`
    WHERE `user_id` = (SELECT `user_id` FROM `files` WHERE `id` = OLD.`file_id`)
      AND `bucket` = OLD.`created_at` / 900000;
  INSERT INTO `history_buckets` (`user_id`, `bucket`)
    SELECT `user_id`, NEW.`created_at` / 900000 FROM `files` WHERE `id` = NEW.`file_id`
      AND NOT EXISTS (SELECT 1 FROM `history_buckets`
        WHERE `history_buckets`.`user_id` = `files`.`user_id` AND `bucket` = NEW.`created_at` / 900000);
  UPDATE `history_buckets` SET `derivative_bytes` = `derivative_bytes` + NEW.`size`
    WHERE `user_id` = (SELECT `user_id` FROM `files` WHERE `id` = NEW.`file_id`)
      AND `bucket` = NEW.`created_at` / 900000;
END;--> statement-breakpoint
CREATE TRIGGER `derivatives_history_delete` AFTER DELETE ON `derivatives` BEGIN
  UPDATE `history_buckets` SET `derivative_bytes` = `derivative_bytes` - OLD.`size`
    WHERE `user_id` = (SELECT `user_id` FROM `files` WHERE `id` = OLD.`file_id`)
      AND `bucket` = OLD.`created_at` / 900000;
END;
