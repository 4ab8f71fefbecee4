CREATE TYPE "public"."winter_payment_method" AS ENUM('cash', 'bank_transfer', 'other');--> statement-breakpoint
CREATE TABLE "winter_fee_assignments" (
	"resident_id" uuid NOT NULL,
	"season_year" smallint NOT NULL,
	"fee_class_id" uuid NOT NULL,
	"season_fee_yen" integer NOT NULL,
	"set_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "winter_fee_assignments_resident_id_season_year_pk" PRIMARY KEY("resident_id","season_year"),
	CONSTRAINT "winter_fee_assignment_fee" CHECK ("winter_fee_assignments"."season_fee_yen" between 0 and 1000000)
);
--> statement-breakpoint
CREATE TABLE "winter_fee_classes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"season_fee_yen" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "winter_fee_classes_code_unique" UNIQUE("code"),
	CONSTRAINT "winter_fee_class_fee" CHECK ("winter_fee_classes"."season_fee_yen" between 0 and 1000000)
);
--> statement-breakpoint
CREATE TABLE "winter_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"season_year" smallint NOT NULL,
	"amount_yen" integer NOT NULL,
	"paid_on" date NOT NULL,
	"method" "winter_payment_method" NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "winter_payment_amount" CHECK ("winter_payments"."amount_yen" between 1 and 1000000)
);
--> statement-breakpoint
ALTER TABLE "winter_fee_assignments" ADD CONSTRAINT "winter_fee_assignments_resident_id_users_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "winter_fee_assignments" ADD CONSTRAINT "winter_fee_assignments_fee_class_id_winter_fee_classes_id_fk" FOREIGN KEY ("fee_class_id") REFERENCES "public"."winter_fee_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "winter_fee_assignments" ADD CONSTRAINT "winter_fee_assignments_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "winter_fee_classes" ADD CONSTRAINT "winter_fee_classes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "winter_payments" ADD CONSTRAINT "winter_payments_resident_id_users_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "winter_payments" ADD CONSTRAINT "winter_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "winter_payments_resident_id_season_year_index" ON "winter_payments" USING btree ("resident_id","season_year");