CREATE TABLE `publications` (
	`province_id` text PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL,
	`published_at` text NOT NULL
);
