CREATE TYPE "public"."deletion_request_status" AS ENUM('requested', 'done', 'refused');--> statement-breakpoint
CREATE TABLE "deletion_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"district_ids" uuid[] DEFAULT '{}' NOT NULL,
	"status" "deletion_request_status" DEFAULT 'requested' NOT NULL,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "privacy_consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "privacy_notice_version" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "help_requests" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "district_settings" ADD COLUMN "retention_months" integer DEFAULT 36 NOT NULL;--> statement-breakpoint
ALTER TABLE "deletion_requests" ADD CONSTRAINT "deletion_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deletion_requests" ADD CONSTRAINT "deletion_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deletion_requests_one_open" ON "deletion_requests" USING btree ("user_id") WHERE "deletion_requests"."status" = 'requested';--> statement-breakpoint
CREATE INDEX "deletion_requests_status_created_at_index" ON "deletion_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_district_id_created_at_index" ON "audit_events" USING btree ("district_id","created_at");--> statement-breakpoint
CREATE INDEX "help_requests_retention_due" ON "help_requests" USING btree ("updated_at") WHERE "help_requests"."status" in ('done', 'cancelled') and "help_requests"."anonymised_at" is null;--> statement-breakpoint
ALTER TABLE "district_settings" ADD CONSTRAINT "district_settings_retention" CHECK ("district_settings"."retention_months" between 12 and 120);