CREATE TABLE `activities` (
	`id` text PRIMARY KEY NOT NULL,
	`org_unit_id` text NOT NULL,
	`org_unit_path` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`title` text NOT NULL,
	`duty_tracking_id` text,
	`description` text,
	`action_month` integer DEFAULT false NOT NULL,
	`details` text NOT NULL,
	`created_by` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`duty_tracking_id`) REFERENCES `duty_trackings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `activities_unit_date_idx` ON `activities` (`org_unit_id`,`date`);--> statement-breakpoint
CREATE INDEX `activities_scope_idx` ON `activities` (`org_unit_path`,`date`);--> statement-breakpoint
CREATE INDEX `activities_duty_idx` ON `activities` (`duty_tracking_id`);--> statement-breakpoint
CREATE TABLE `activity_evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`activity_id` text NOT NULL,
	`storage_key` text NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`activity_id`) REFERENCES `activities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `activity_evidence_activity_idx` ON `activity_evidence` (`activity_id`);--> statement-breakpoint
CREATE TABLE `budget_allocations` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`duty_tracking_id` text,
	`org_unit_id` text NOT NULL,
	`org_unit_path` text NOT NULL,
	`amount` integer NOT NULL,
	`allocated_on` text NOT NULL,
	`note` text,
	`created_by` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`duty_tracking_id`) REFERENCES `duty_trackings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "budget_allocations_amount" CHECK("budget_allocations"."amount" > 0)
);
--> statement-breakpoint
CREATE INDEX `budget_allocations_scope_idx` ON `budget_allocations` (`org_unit_path`,`allocated_on`);--> statement-breakpoint
CREATE INDEX `budget_allocations_unit_idx` ON `budget_allocations` (`org_unit_id`,`allocated_on`);--> statement-breakpoint
CREATE INDEX `budget_allocations_plan_idx` ON `budget_allocations` (`plan_id`);--> statement-breakpoint
CREATE TABLE `budget_expenses` (
	`id` text PRIMARY KEY NOT NULL,
	`allocation_id` text NOT NULL,
	`date` text NOT NULL,
	`amount` integer NOT NULL,
	`description` text NOT NULL,
	`over_allocation` integer DEFAULT false NOT NULL,
	`confirmed_by` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`allocation_id`) REFERENCES `budget_allocations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "budget_expenses_amount" CHECK("budget_expenses"."amount" > 0)
);
--> statement-breakpoint
CREATE INDEX `budget_expenses_allocation_idx` ON `budget_expenses` (`allocation_id`,`date`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`facts` text NOT NULL,
	`key_version` text,
	`note` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`date`);--> statement-breakpoint
CREATE INDEX `case_events_key_version_idx` ON `case_events` (`key_version`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`org_unit_id` text NOT NULL,
	`org_unit_path` text NOT NULL,
	`intake_date` text NOT NULL,
	`type` text NOT NULL,
	`contexts` text NOT NULL,
	`victim_sex` text NOT NULL,
	`victim_age_group` text NOT NULL,
	`relationship` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`closed_on` text,
	`key_version` text NOT NULL,
	`identifying` text NOT NULL,
	`created_by` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cases_unit_date_idx` ON `cases` (`org_unit_id`,`intake_date`);--> statement-breakpoint
CREATE INDEX `cases_scope_idx` ON `cases` (`org_unit_path`,`intake_date`);--> statement-breakpoint
CREATE INDEX `cases_key_version_idx` ON `cases` (`key_version`);--> statement-breakpoint
CREATE TABLE `report_overrides` (
	`report_id` text NOT NULL,
	`indicator_code` text NOT NULL,
	`category` text NOT NULL,
	`computed` real NOT NULL,
	`value` real,
	`reason` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` text NOT NULL,
	PRIMARY KEY(`report_id`, `indicator_code`, `category`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
