CREATE TYPE "public"."text_size" AS ENUM('normal', 'large', 'largest');--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "furigana" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "text_size" text_size DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "high_contrast" boolean DEFAULT false NOT NULL;