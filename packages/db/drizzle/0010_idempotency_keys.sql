CREATE TABLE `idempotency_keys` (
	`scope` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`claim` text NOT NULL,
	`claimed_at` text NOT NULL,
	`created_at` text NOT NULL,
	`status` integer,
	`content_type` text,
	`location` text,
	`body` text,
	`body_encoding` text,
	`completed_at` text,
	PRIMARY KEY(`scope`, `method`, `path`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_idx` ON `idempotency_keys` (`created_at`);