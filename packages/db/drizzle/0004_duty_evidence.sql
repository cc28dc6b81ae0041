CREATE TABLE `duty_evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`tracking_id` text NOT NULL,
	`storage_key` text NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`tracking_id`) REFERENCES `duty_trackings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `duty_evidence_tracking_idx` ON `duty_evidence` (`tracking_id`);