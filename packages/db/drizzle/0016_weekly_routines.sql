CREATE TABLE "collection_holidays" (
	"day" date PRIMARY KEY NOT NULL,
	"note" text NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weekly_routine_skips" (
	"routine_id" uuid NOT NULL,
	"skip_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "weekly_routine_skips_routine_id_skip_on_pk" PRIMARY KEY("routine_id","skip_on")
);
--> statement-breakpoint
CREATE TABLE "weekly_routines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"via_proxy" boolean DEFAULT false NOT NULL,
	"category" "help_category" NOT NULL,
	"weekdays" smallint[] NOT NULL,
	"from_minute" smallint NOT NULL,
	"until_minute" smallint NOT NULL,
	"collection_area" text,
	"notes" text,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"paused" boolean DEFAULT false NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "weekly_routine_weekdays" CHECK (cardinality("weekly_routines"."weekdays") between 1 and 7 and "weekly_routines"."weekdays" <@ array[1,2,3,4,5,6,7]::smallint[]),
	CONSTRAINT "weekly_routine_window" CHECK ("weekly_routines"."from_minute" >= 0 and "weekly_routines"."until_minute" <= 1440 and "weekly_routines"."from_minute" < "weekly_routines"."until_minute"),
	CONSTRAINT "weekly_routine_dates" CHECK ("weekly_routines"."ends_on" is null or "weekly_routines"."starts_on" <= "weekly_routines"."ends_on")
);
--> statement-breakpoint
ALTER TABLE "help_requests" ADD COLUMN "weekly_routine_id" uuid;--> statement-breakpoint
ALTER TABLE "help_requests" ADD COLUMN "occurs_on" date;--> statement-breakpoint
ALTER TABLE "collection_holidays" ADD CONSTRAINT "collection_holidays_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_routine_skips" ADD CONSTRAINT "weekly_routine_skips_routine_id_weekly_routines_id_fk" FOREIGN KEY ("routine_id") REFERENCES "public"."weekly_routines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_routine_skips" ADD CONSTRAINT "weekly_routine_skips_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_routines" ADD CONSTRAINT "weekly_routines_resident_id_users_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_routines" ADD CONSTRAINT "weekly_routines_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "weekly_routines_resident_id_index" ON "weekly_routines" USING btree ("resident_id");--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_weekly_routine_id_weekly_routines_id_fk" FOREIGN KEY ("weekly_routine_id") REFERENCES "public"."weekly_routines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "help_requests_one_per_routine_day" ON "help_requests" USING btree ("weekly_routine_id","occurs_on") WHERE "help_requests"."weekly_routine_id" is not null;--> statement-breakpoint
-- 旭川市の家庭ごみ収集: no collection 12/31 – 1/3 (年末年始). The centre edits these as data.
INSERT INTO "collection_holidays" ("day", "note")
SELECT d::date, '年末年始（収集なし）'
FROM (VALUES (2025), (2026), (2027), (2028)) AS y(year),
     generate_series(make_date(y.year, 12, 31), make_date(y.year + 1, 1, 3), interval '1 day') AS d
ON CONFLICT DO NOTHING;
