CREATE TABLE `write_guards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`changed` integer NOT NULL,
	CONSTRAINT "write_guards_changed" CHECK("write_guards"."changed" > 0)
);
--> statement-breakpoint
ALTER TABLE `plans` ADD `parent_plan_id` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `amends_plan_id` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `issued_at` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `issued_by` text;--> statement-breakpoint
CREATE INDEX `plans_parent_idx` ON `plans` (`parent_plan_id`);