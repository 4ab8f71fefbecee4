CREATE TYPE "public"."snow_event_source" AS ENUM('declared', 'jma');--> statement-breakpoint
CREATE TYPE "public"."winter_registration_status" AS ENUM('active', 'paused', 'ended');--> statement-breakpoint
CREATE TABLE "snow_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_id" uuid NOT NULL,
	"observed_on" date NOT NULL,
	"cm" smallint NOT NULL,
	"source" "snow_event_source" DEFAULT 'declared' NOT NULL,
	"declared_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "snow_event_cm" CHECK ("snow_events"."cm" between 1 and 500)
);
--> statement-breakpoint
CREATE TABLE "winter_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"via_proxy" boolean DEFAULT false NOT NULL,
	"season_year" smallint NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"frontage_metres" numeric(3, 1) NOT NULL,
	"clear_path" boolean DEFAULT false NOT NULL,
	"roof_fall" boolean DEFAULT false NOT NULL,
	"ready_from_minute" smallint NOT NULL,
	"ready_by_minute" smallint NOT NULL,
	"threshold_cm" smallint NOT NULL,
	"access_notes" text,
	"status" "winter_registration_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "winter_registration_frontage" CHECK ("winter_registrations"."frontage_metres" between 0.5 and 50),
	CONSTRAINT "winter_registration_threshold" CHECK ("winter_registrations"."threshold_cm" between 1 and 100),
	CONSTRAINT "winter_registration_window" CHECK ("winter_registrations"."ready_from_minute" >= 0 and "winter_registrations"."ready_by_minute" <= 1440 and "winter_registrations"."ready_from_minute" < "winter_registrations"."ready_by_minute"),
	CONSTRAINT "winter_registration_validity" CHECK ("winter_registrations"."valid_from" <= "winter_registrations"."valid_until")
);
--> statement-breakpoint
ALTER TABLE "help_requests" ADD COLUMN "winter_registration_id" uuid;--> statement-breakpoint
ALTER TABLE "help_requests" ADD COLUMN "snow_event_id" uuid;--> statement-breakpoint
ALTER TABLE "snow_events" ADD CONSTRAINT "snow_events_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snow_events" ADD CONSTRAINT "snow_events_declared_by_users_id_fk" FOREIGN KEY ("declared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "winter_registrations" ADD CONSTRAINT "winter_registrations_resident_id_users_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "winter_registrations" ADD CONSTRAINT "winter_registrations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "snow_events_district_day" ON "snow_events" USING btree ("district_id","observed_on");--> statement-breakpoint
CREATE INDEX "snow_events_observed_on_index" ON "snow_events" USING btree ("observed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "winter_registrations_one_per_season" ON "winter_registrations" USING btree ("resident_id","season_year") WHERE "winter_registrations"."status" in ('active', 'paused');--> statement-breakpoint
CREATE INDEX "winter_registrations_season_year_status_index" ON "winter_registrations" USING btree ("season_year","status");--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_winter_registration_id_winter_registrations_id_fk" FOREIGN KEY ("winter_registration_id") REFERENCES "public"."winter_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_snow_event_id_snow_events_id_fk" FOREIGN KEY ("snow_event_id") REFERENCES "public"."snow_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "help_requests_one_per_snow_event" ON "help_requests" USING btree ("winter_registration_id","snow_event_id") WHERE "help_requests"."winter_registration_id" is not null;--> statement-breakpoint
CREATE INDEX "help_requests_snow_event" ON "help_requests" USING btree ("snow_event_id") WHERE "help_requests"."snow_event_id" is not null;