CREATE TYPE "public"."season_pairing_role" AS ENUM('primary', 'backup');--> statement-breakpoint
CREATE TYPE "public"."season_pairing_status" AS ENUM('active', 'paused', 'ended');--> statement-breakpoint
CREATE TABLE "season_pairings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"winter_registration_id" uuid NOT NULL,
	"helper_id" uuid NOT NULL,
	"role" "season_pairing_role" NOT NULL,
	"status" "season_pairing_status" DEFAULT 'active' NOT NULL,
	"met_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"changed_by" uuid,
	"reason" text,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "season_pairings" ADD CONSTRAINT "season_pairings_winter_registration_id_winter_registrations_id_fk" FOREIGN KEY ("winter_registration_id") REFERENCES "public"."winter_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "season_pairings" ADD CONSTRAINT "season_pairings_helper_id_users_id_fk" FOREIGN KEY ("helper_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "season_pairings" ADD CONSTRAINT "season_pairings_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "season_pairings" ADD CONSTRAINT "season_pairings_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "season_pairings_one_per_role" ON "season_pairings" USING btree ("winter_registration_id","role") WHERE "season_pairings"."status" in ('active', 'paused');--> statement-breakpoint
CREATE UNIQUE INDEX "season_pairings_helper_once" ON "season_pairings" USING btree ("winter_registration_id","helper_id") WHERE "season_pairings"."status" in ('active', 'paused');--> statement-breakpoint
CREATE INDEX "season_pairings_helper_id_index" ON "season_pairings" USING btree ("helper_id");