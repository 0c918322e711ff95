ALTER TABLE `jobs` ADD `user_id` text REFERENCES users(id) ON DELETE cascade;--> statement-breakpoint
UPDATE `jobs` SET `user_id` = (SELECT `files`.`user_id` FROM `files` WHERE `files`.`id` = `jobs`.`subject`);--> statement-breakpoint
CREATE INDEX `jobs_user_state_kind_idx` ON `jobs` (`user_id`,`state`,`kind`);
