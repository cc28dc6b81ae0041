CREATE TABLE `approved_values` (
	`report_id` text NOT NULL,
	`period` text NOT NULL,
	`org_unit_id` text NOT NULL,
	`org_unit_path` text NOT NULL,
	`indicator_code` text NOT NULL,
	`category` text NOT NULL,
	`value` real NOT NULL,
	`approved_at` text NOT NULL,
	PRIMARY KEY(`report_id`, `indicator_code`, `category`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approved_values_rollup_idx` ON `approved_values` (`period`,`org_unit_path`,`indicator_code`,`category`,`value`);--> statement-breakpoint
CREATE INDEX `approved_values_unit_idx` ON `approved_values` (`period`,`org_unit_id`,`indicator_code`,`category`,`value`);--> statement-breakpoint
CREATE TABLE `indicator_targets` (
	`indicator_code` text NOT NULL,
	`org_unit_id` text NOT NULL,
	`year` integer NOT NULL,
	`comparator` text NOT NULL,
	`value` real NOT NULL,
	`set_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`indicator_code`, `org_unit_id`, `year`),
	FOREIGN KEY (`indicator_code`) REFERENCES `indicators`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `indicators` (
	`code` text PRIMARY KEY NOT NULL,
	`definition` text NOT NULL,
	`builtin` integer DEFAULT false NOT NULL,
	`owner_unit_id` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`owner_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_indicators` (
	`plan_id` text NOT NULL,
	`indicator_code` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`plan_id`, `indicator_code`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`indicator_code`) REFERENCES `indicators`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_report_periods` (
	`plan_id` text NOT NULL,
	`period` text NOT NULL,
	`deadline` text NOT NULL,
	PRIMARY KEY(`plan_id`, `period`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `report_events` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`at` text NOT NULL,
	`actor_user_id` text,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`version` integer NOT NULL,
	`comment` text,
	`snapshot` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_events_report_idx` ON `report_events` (`report_id`,`at`);--> statement-breakpoint
CREATE TABLE `report_narratives` (
	`report_id` text NOT NULL,
	`tracking_id` text NOT NULL,
	`results` text,
	`shortcomings` text,
	`proposals` text,
	PRIMARY KEY(`report_id`, `tracking_id`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tracking_id`) REFERENCES `duty_trackings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `report_values` (
	`report_id` text NOT NULL,
	`indicator_code` text NOT NULL,
	`category` text NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`report_id`, `indicator_code`, `category`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`org_unit_id` text NOT NULL,
	`org_unit_path` text NOT NULL,
	`period` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`submitted_at` text,
	`submitted_by` text,
	`decided_at` text,
	`decided_by` text,
	`return_comment` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_unit_period_uq` ON `reports` (`org_unit_id`,`period`);--> statement-breakpoint
CREATE INDEX `reports_plan_period_idx` ON `reports` (`plan_id`,`period`);--> statement-breakpoint
CREATE INDEX `reports_scope_idx` ON `reports` (`org_unit_path`,`period`);--> statement-breakpoint
CREATE INDEX `org_units_successor_idx` ON `org_units` (`successor_id`);