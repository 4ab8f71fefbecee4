ALTER TABLE "volunteer_centres" ADD COLUMN "hours_ja" text;--> statement-breakpoint
ALTER TABLE "volunteer_centres" ADD COLUMN "hours_en" text;--> statement-breakpoint
ALTER TABLE "volunteer_centres" ADD CONSTRAINT "volunteer_centre_hours_length" CHECK (char_length("volunteer_centres"."hours_ja") <= 200 and char_length("volunteer_centres"."hours_en") <= 200);--> statement-breakpoint
ALTER TABLE "volunteer_centres" ADD CONSTRAINT "volunteer_centre_phone_format" CHECK ("volunteer_centres"."phone" ~ '^[0-9-]{1,20}$');