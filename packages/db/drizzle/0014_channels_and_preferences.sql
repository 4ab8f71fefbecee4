ALTER TYPE "public"."notification_channel" ADD VALUE 'sms';--> statement-breakpoint
ALTER TYPE "public"."notification_channel" ADD VALUE 'line';--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"provider_message_id" text NOT NULL,
	"sender" text NOT NULL,
	"user_id" uuid,
	"body" text NOT NULL,
	"intent" text NOT NULL,
	"outcome" text NOT NULL,
	"match_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_messages_provider_id" UNIQUE("channel","provider_message_id")
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"channel_order" "notification_channel"[] DEFAULT '{}' NOT NULL,
	"sms_phone" text,
	"line_user_id" text,
	"line_link_code" text,
	"line_link_code_expires_at" timestamp with time zone,
	"quiet_start_hour" smallint,
	"quiet_end_hour" smallint,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_line_user" UNIQUE("line_user_id"),
	CONSTRAINT "notification_preferences_line_code" UNIQUE("line_link_code"),
	CONSTRAINT "notification_preferences_quiet_hours" CHECK (("notification_preferences"."quiet_start_hour" is null) = ("notification_preferences"."quiet_end_hour" is null) and coalesce("notification_preferences"."quiet_start_hour", 0) between 0 and 23 and coalesce("notification_preferences"."quiet_end_hour", 0) between 0 and 23)
);
--> statement-breakpoint
ALTER TABLE "district_settings" ADD COLUMN "snow_offers_from_five" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbound_messages_user_id_created_at_index" ON "inbound_messages" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_preferences_sms_phone_index" ON "notification_preferences" USING btree ("sms_phone");