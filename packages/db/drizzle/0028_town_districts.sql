CREATE TABLE "town_districts" (
	"town" text PRIMARY KEY NOT NULL,
	"kana" text DEFAULT '' NOT NULL,
	"district_id" uuid NOT NULL,
	"needs_jo" boolean DEFAULT false NOT NULL,
	"source" text DEFAULT 'seed' NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "town_districts_source" CHECK ("town_districts"."source" in ('seed', 'import', 'manual')),
	CONSTRAINT "town_districts_town_length" CHECK (char_length("town_districts"."town") between 1 and 40)
);
--> statement-breakpoint
ALTER TABLE "town_districts" ADD CONSTRAINT "town_districts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "town_districts" ADD CONSTRAINT "town_districts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "town_districts_district_id_index" ON "town_districts" USING btree ("district_id");