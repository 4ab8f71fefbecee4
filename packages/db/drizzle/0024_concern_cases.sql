CREATE TYPE "public"."concern_note_kind" AS ENUM('note', 'consultation');--> statement-breakpoint
CREATE TYPE "public"."referral_status" AS ENUM('proposed', 'made', 'accepted', 'declined', 'closed');--> statement-breakpoint
CREATE TYPE "public"."referral_target" AS ENUM('houkatsu', 'minsei_iin', 'family', 'other');--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'minsei_iin';--> statement-breakpoint
CREATE TABLE "concern_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"concern_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"kind" "concern_note_kind" DEFAULT 'note' NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "concern_note_length" CHECK (length("concern_notes"."body") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "concern_referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"concern_id" uuid NOT NULL,
	"target" "referral_target" NOT NULL,
	"status" "referral_status" DEFAULT 'proposed' NOT NULL,
	"note" text,
	"follow_up_on" date,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "concerns" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "concerns" ALTER COLUMN "status" SET DEFAULT 'open'::text;--> statement-breakpoint
-- A concern marked followed up was dealt with: it becomes a closed case.
UPDATE "concerns" SET "status" = 'closed' WHERE "status" = 'followed_up';--> statement-breakpoint
DROP TYPE "public"."concern_status";--> statement-breakpoint
CREATE TYPE "public"."concern_status" AS ENUM('open', 'in_progress', 'closed');--> statement-breakpoint
ALTER TABLE "concerns" ALTER COLUMN "status" SET DEFAULT 'open'::"public"."concern_status";--> statement-breakpoint
ALTER TABLE "concerns" ALTER COLUMN "status" SET DATA TYPE "public"."concern_status" USING "status"::"public"."concern_status";--> statement-breakpoint
ALTER TABLE "concerns" ADD COLUMN "follow_up_on" date;--> statement-breakpoint
ALTER TABLE "concern_notes" ADD CONSTRAINT "concern_notes_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_notes" ADD CONSTRAINT "concern_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_referrals" ADD CONSTRAINT "concern_referrals_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_referrals" ADD CONSTRAINT "concern_referrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concern_notes_concern_id_created_at_index" ON "concern_notes" USING btree ("concern_id","created_at");--> statement-breakpoint
CREATE INDEX "concern_notes_kind_created_at_index" ON "concern_notes" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "concern_referrals_concern_id_index" ON "concern_referrals" USING btree ("concern_id");