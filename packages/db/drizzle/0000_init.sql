CREATE TABLE `org_units` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text,
	`name` text NOT NULL,
	`short_name` text NOT NULL,
	`kind` text NOT NULL,
	`local_kind` text NOT NULL,
	`parent_id` text,
	`path` text NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`successor_id` text,
	`provenance` text NOT NULL,
	`note` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `org_units_path_uq` ON `org_units` (`path`);--> statement-breakpoint
CREATE INDEX `org_units_parent_idx` ON `org_units` (`parent_id`);--> statement-breakpoint
CREATE INDEX `org_units_code_idx` ON `org_units` (`code`);--> statement-breakpoint
CREATE TABLE `plan_assignment_units` (
	`assignment_id` text NOT NULL,
	`org_unit_id` text NOT NULL,
	`position` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`assignment_id`, `org_unit_id`),
	FOREIGN KEY (`assignment_id`) REFERENCES `plan_assignments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_assignment_units_unit_idx` ON `plan_assignment_units` (`org_unit_id`);--> statement-breakpoint
CREATE TABLE `plan_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`position` integer NOT NULL,
	`label` text NOT NULL,
	`heading` text NOT NULL,
	`is_request` integer DEFAULT false NOT NULL,
	`style` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_assignments_position_uq` ON `plan_assignments` (`plan_id`,`position`);--> statement-breakpoint
CREATE TABLE `plan_duties` (
	`id` text PRIMARY KEY NOT NULL,
	`assignment_id` text NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`role` text NOT NULL,
	`due_date` text,
	FOREIGN KEY (`assignment_id`) REFERENCES `plan_assignments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_duties_position_uq` ON `plan_duties` (`assignment_id`,`position`);--> statement-breakpoint
CREATE TABLE `plan_legal_bases` (
	`plan_id` text NOT NULL,
	`position` integer NOT NULL,
	`verb` text NOT NULL,
	`document_kind` text NOT NULL,
	`number` text NOT NULL,
	`issued_on` text,
	`issuer` text NOT NULL,
	`summary` text,
	`text` text,
	`cited_plan_id` text,
	PRIMARY KEY(`plan_id`, `position`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cited_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_recipients` (
	`plan_id` text NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`org_unit_id` text,
	PRIMARY KEY(`plan_id`, `position`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`issuing_unit_id` text NOT NULL,
	`issuing_unit_path` text NOT NULL,
	`year` integer NOT NULL,
	`status` text NOT NULL,
	`parent_body` text,
	`issuing_body` text NOT NULL,
	`number` text,
	`type_code` text NOT NULL,
	`issuer_code` text NOT NULL,
	`place` text NOT NULL,
	`doc_year` integer NOT NULL,
	`doc_month` integer,
	`doc_day` integer,
	`document_type` text NOT NULL,
	`title` text NOT NULL,
	`preamble_closing` text,
	`purposes_heading` text NOT NULL,
	`purposes` text NOT NULL,
	`tasks_heading` text NOT NULL,
	`tasks` text NOT NULL,
	`implementation_heading` text NOT NULL,
	`closing` text,
	`report_deadline` text,
	`report_to_unit_id` text,
	`signature` text,
	`provenance` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`issuing_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_to_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plans_scope_idx` ON `plans` (`issuing_unit_path`,`year`);--> statement-breakpoint
CREATE INDEX `plans_year_idx` ON `plans` (`year`);