CREATE TABLE "indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"value" numeric,
	"value_text" text,
	"note" text,
	"entered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_value_present" CHECK ("indicator_values"."value" is not null or "indicator_values"."value_text" is not null),
	CONSTRAINT "indicator_value_fy" CHECK ("indicator_values"."fiscal_year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "plan_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"vision" smallint NOT NULL,
	"concept" smallint,
	"kind" text NOT NULL,
	"owner" text NOT NULL,
	"name" text NOT NULL,
	"unit" text,
	"baseline_value" numeric,
	"baseline_text" text,
	"baseline_fy" integer,
	"baseline_note" text,
	"target_kind" text NOT NULL,
	"target_value" numeric,
	"target_text" text,
	"target_fy" integer NOT NULL,
	"target_note" text,
	"measured_by" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_indicators_code_unique" UNIQUE("code"),
	CONSTRAINT "plan_indicator_kind" CHECK ("plan_indicators"."kind" in ('outcome', 'indicator')),
	CONSTRAINT "plan_indicator_target_kind" CHECK ("plan_indicators"."target_kind" in ('number', 'increase', 'continue')),
	CONSTRAINT "plan_indicator_measured_by" CHECK ("plan_indicators"."measured_by" in ('system', 'manual')),
	CONSTRAINT "plan_indicator_number_target" CHECK ("plan_indicators"."target_kind" <> 'number' or "plan_indicators"."target_value" is not null)
);
--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_id_plan_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."plan_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_values_indicator_id_fiscal_year_created_at_index" ON "indicator_values" USING btree ("indicator_id","fiscal_year","created_at");