CREATE TABLE `duty_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`tracking_id` text NOT NULL,
	`at` text NOT NULL,
	`author_user_id` text NOT NULL,
	`author_label` text NOT NULL,
	`status` text NOT NULL,
	`text` text,
	FOREIGN KEY (`tracking_id`) REFERENCES `duty_trackings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `duty_notes_tracking_idx` ON `duty_notes` (`tracking_id`,`at`);--> statement-breakpoint
CREATE TABLE `duty_trackings` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`duty_id` text NOT NULL,
	`org_unit_id` text NOT NULL,
	`org_unit_path` text NOT NULL,
	`role` text NOT NULL,
	`text` text NOT NULL,
	`due_date` text,
	`status` text DEFAULT 'not_started' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `duty_trackings_duty_unit_uq` ON `duty_trackings` (`duty_id`,`org_unit_id`);--> statement-breakpoint
CREATE INDEX `duty_trackings_scope_idx` ON `duty_trackings` (`org_unit_path`,`due_date`);--> statement-breakpoint
CREATE INDEX `duty_trackings_plan_idx` ON `duty_trackings` (`plan_id`);