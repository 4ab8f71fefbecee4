CREATE TABLE "insurance_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"plan_id" uuid,
	"enrolled_on" date,
	"covers_until" date NOT NULL,
	"source" text DEFAULT 'centre' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insurance_enrolment_per_year" UNIQUE("volunteer_id","fiscal_year"),
	CONSTRAINT "insurance_enrolment_source" CHECK ("insurance_enrolments"."source" in ('centre', 'migrated')),
	CONSTRAINT "insurance_enrolment_centre_fields" CHECK ("insurance_enrolments"."source" = 'migrated' or ("insurance_enrolments"."plan_id" is not null and "insurance_enrolments"."enrolled_on" is not null)),
	CONSTRAINT "insurance_enrolment_within_year" CHECK ("insurance_enrolments"."covers_until" <= make_date("insurance_enrolments"."fiscal_year" + 1, 3, 31)
        and "insurance_enrolments"."covers_until" >= make_date("insurance_enrolments"."fiscal_year", 4, 1))
);
--> statement-breakpoint
CREATE TABLE "insurance_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"premium_yen" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insurance_plans_code_unique" UNIQUE("code"),
	CONSTRAINT "insurance_plan_premium" CHECK ("insurance_plans"."premium_yen" between 0 and 100000)
);
--> statement-breakpoint
ALTER TABLE "insurance_enrolments" ADD CONSTRAINT "insurance_enrolments_volunteer_id_volunteer_profiles_user_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer_profiles"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_enrolments" ADD CONSTRAINT "insurance_enrolments_plan_id_insurance_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."insurance_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_enrolments" ADD CONSTRAINT "insurance_enrolments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insurance_enrolments_fiscal_year_index" ON "insurance_enrolments" USING btree ("fiscal_year");--> statement-breakpoint
-- The self-declared dates become the centre's record as they were ('migrated'): no plan, no
-- enrolment date, the same expiry, so nothing changes for current volunteers.
INSERT INTO "insurance_enrolments" ("volunteer_id", "fiscal_year", "covers_until", "source")
SELECT "user_id",
  (extract(year FROM "insurance_expires_on") - CASE WHEN extract(month FROM "insurance_expires_on") < 4 THEN 1 ELSE 0 END)::smallint,
  "insurance_expires_on", 'migrated'
FROM "volunteer_profiles"
WHERE "insurance_expires_on" IS NOT NULL
  AND "insurance_expires_on" BETWEEN DATE '2000-01-01' AND DATE '2100-03-31';
