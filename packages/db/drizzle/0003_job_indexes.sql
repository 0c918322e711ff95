DROP INDEX `jobs_state_run_idx`;--> statement-breakpoint
CREATE INDEX `jobs_kind_state_run_idx` ON `jobs` (`kind`,`state`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_state_lease_idx` ON `jobs` (`state`,`lease_expires_at`);--> statement-breakpoint
CREATE INDEX `uploads_state_updated_idx` ON `uploads` (`state`,`updated_at`);