CREATE TYPE "public"."centre_status" AS ENUM('planned', 'open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."contact_preference" AS ENUM('phone', 'email', 'post', 'visit');--> statement-breakpoint
CREATE TYPE "public"."help_category" AS ENUM('snow', 'weeding', 'rubbish', 'shopping', 'visit', 'other');--> statement-breakpoint
CREATE TYPE "public"."locale" AS ENUM('ja', 'en');--> statement-breakpoint
CREATE TYPE "public"."match_status" AS ENUM('proposed', 'approved', 'offered', 'accepted', 'declined', 'expired', 'rejected', 'cancelled', 'completed', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."request_status" AS ENUM('open', 'matching', 'proposed', 'approved', 'accepted', 'done', 'cancelled', 'unmatched');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('resident', 'volunteer', 'coordinator', 'council', 'admin');--> statement-breakpoint
CREATE TYPE "public"."urgency" AS ENUM('low', 'normal', 'high');--> statement-breakpoint
CREATE TYPE "public"."verification_status" AS ENUM('pending', 'active', 'suspended');--> statement-breakpoint
CREATE TYPE "public"."volunteer_kind" AS ENUM('individual', 'group');--> statement-breakpoint
CREATE TABLE "district_neighbours" (
	"district_id" uuid NOT NULL,
	"neighbour_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "district_neighbours_district_id_neighbour_id_pk" PRIMARY KEY("district_id","neighbour_id")
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kana" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "districts_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "volunteer_centres" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" "centre_status" DEFAULT 'planned' NOT NULL,
	"opened_on" date,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "role" NOT NULL,
	"district_id" uuid,
	"granted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_assignments_unique" UNIQUE NULLS NOT DISTINCT("user_id","role","district_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text,
	"password_hash" text,
	"display_name" text NOT NULL,
	"locale" "locale" DEFAULT 'ja' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resident_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"full_name" text NOT NULL,
	"full_name_kana" text,
	"phone" text,
	"address" text,
	"district_id" uuid,
	"contact_preference" "contact_preference" DEFAULT 'phone' NOT NULL,
	"consent_at" timestamp with time zone,
	"consent_method" text,
	"consent_recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_availability" (
	"volunteer_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"start_minute" smallint NOT NULL,
	"end_minute" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_availability_volunteer_id_weekday_start_minute_pk" PRIMARY KEY("volunteer_id","weekday","start_minute"),
	CONSTRAINT "availability_weekday" CHECK ("volunteer_availability"."weekday" between 0 and 6),
	CONSTRAINT "availability_window" CHECK ("volunteer_availability"."start_minute" >= 0 and "volunteer_availability"."end_minute" <= 1440 and "volunteer_availability"."start_minute" < "volunteer_availability"."end_minute")
);
--> statement-breakpoint
CREATE TABLE "volunteer_districts" (
	"volunteer_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_districts_volunteer_id_district_id_pk" PRIMARY KEY("volunteer_id","district_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"kind" "volunteer_kind" DEFAULT 'individual' NOT NULL,
	"group_name" text,
	"headcount" integer DEFAULT 1 NOT NULL,
	"representative_name" text,
	"skills" "help_category"[] DEFAULT '{}' NOT NULL,
	"equipment" text[] DEFAULT '{}' NOT NULL,
	"helps_neighbours" boolean DEFAULT false NOT NULL,
	"max_tasks_per_week" integer DEFAULT 2 NOT NULL,
	"verification" "verification_status" DEFAULT 'pending' NOT NULL,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"insurance_expires_on" date,
	"trusted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_headcount_positive" CHECK ("volunteer_profiles"."headcount" >= 1),
	CONSTRAINT "volunteer_individual_headcount" CHECK ("volunteer_profiles"."kind" = 'group' or "volunteer_profiles"."headcount" = 1),
	CONSTRAINT "volunteer_max_tasks_range" CHECK ("volunteer_profiles"."max_tasks_per_week" between 0 and 50)
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text,
	"district_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "help_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"via_proxy" boolean DEFAULT false NOT NULL,
	"district_id" uuid NOT NULL,
	"category" "help_category" NOT NULL,
	"status" "request_status" DEFAULT 'open' NOT NULL,
	"address" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"as_soon_as_possible" boolean DEFAULT false NOT NULL,
	"people_needed" integer DEFAULT 1 NOT NULL,
	"urgency" "urgency" DEFAULT 'normal' NOT NULL,
	"notes" text,
	"sensitive_notes" text,
	"sensitive_consent_at" timestamp with time zone,
	"recurrence" jsonb,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_request_window" CHECK ("help_requests"."window_start" < "help_requests"."window_end"),
	CONSTRAINT "help_request_people" CHECK ("help_requests"."people_needed" between 1 and 50),
	CONSTRAINT "help_request_sensitive_consent" CHECK ("help_requests"."sensitive_notes" is null or "help_requests"."sensitive_consent_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"slot" integer DEFAULT 0 NOT NULL,
	"status" "match_status" DEFAULT 'proposed' NOT NULL,
	"score" double precision DEFAULT 0 NOT NULL,
	"score_breakdown" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"booked_during" "tstzrange" NOT NULL,
	"exclusive" boolean DEFAULT true NOT NULL,
	"decided_by" uuid,
	"offered_at" timestamp with time zone,
	"offer_expires_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"minutes_spent" integer,
	"wellbeing_note" text,
	"concern_raised" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_minutes" CHECK ("matches"."minutes_spent" is null or "matches"."minutes_spent" between 0 and 1440)
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dispatched_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "district_neighbours" ADD CONSTRAINT "district_neighbours_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "district_neighbours" ADD CONSTRAINT "district_neighbours_neighbour_id_districts_id_fk" FOREIGN KEY ("neighbour_id") REFERENCES "public"."districts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_centres" ADD CONSTRAINT "volunteer_centres_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD CONSTRAINT "resident_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD CONSTRAINT "resident_profiles_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD CONSTRAINT "resident_profiles_consent_recorded_by_users_id_fk" FOREIGN KEY ("consent_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_availability" ADD CONSTRAINT "volunteer_availability_volunteer_id_volunteer_profiles_user_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer_profiles"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_districts" ADD CONSTRAINT "volunteer_districts_volunteer_id_volunteer_profiles_user_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer_profiles"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_districts" ADD CONSTRAINT "volunteer_districts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_profiles" ADD CONSTRAINT "volunteer_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_profiles" ADD CONSTRAINT "volunteer_profiles_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_resident_id_users_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_request_id_help_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."help_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_volunteer_id_users_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volunteer_centres_district_id_index" ON "volunteer_centres" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "role_assignments_district_id_role_index" ON "role_assignments" USING btree ("district_id","role");--> statement-breakpoint
CREATE INDEX "sessions_user_id_index" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email") WHERE "users"."email" is not null;--> statement-breakpoint
CREATE INDEX "resident_profiles_district_id_index" ON "resident_profiles" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "volunteer_districts_district_id_index" ON "volunteer_districts" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "audit_events_subject_type_subject_id_index" ON "audit_events" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_id_index" ON "audit_events" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "help_requests_district_id_status_index" ON "help_requests" USING btree ("district_id","status");--> statement-breakpoint
CREATE INDEX "help_requests_resident_id_index" ON "help_requests" USING btree ("resident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "help_requests_idempotency_key" ON "help_requests" USING btree ("created_by","idempotency_key") WHERE "help_requests"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "matches_volunteer_id_status_index" ON "matches" USING btree ("volunteer_id","status");--> statement-breakpoint
CREATE INDEX "matches_request_id_index" ON "matches" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "matches_one_live_per_slot" ON "matches" USING btree ("request_id","slot") WHERE "matches"."status" in ('proposed', 'approved', 'offered', 'accepted');--> statement-breakpoint
CREATE UNIQUE INDEX "matches_one_live_per_volunteer" ON "matches" USING btree ("request_id","volunteer_id") WHERE "matches"."status" in ('proposed', 'approved', 'offered', 'accepted');--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("id") WHERE "outbox"."dispatched_at" is null;