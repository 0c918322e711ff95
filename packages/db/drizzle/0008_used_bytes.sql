ALTER TABLE `users` ADD `used_bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `users` SET `used_bytes` = (SELECT coalesce(sum(`files`.`size`), 0) FROM `files` WHERE `files`.`user_id` = `users`.`id`);--> statement-breakpoint
CREATE TRIGGER `files_add_used_bytes` AFTER INSERT ON `files` BEGIN
  UPDATE `users` SET `used_bytes` = `used_bytes` + NEW.`size` WHERE `id` = NEW.`user_id`;
END;--> statement-breakpoint
CREATE TRIGGER `files_remove_used_bytes` AFTER DELETE ON `files` BEGIN
  UPDATE `users` SET `used_bytes` = `used_bytes` - OLD.`size` WHERE `id` = OLD.`user_id`;
END;
