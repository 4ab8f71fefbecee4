ALTER TABLE "resident_profiles" ADD COLUMN "share_consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD COLUMN "share_consent_recorded_by" uuid;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD COLUMN "emergency_contact_name" text;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD COLUMN "emergency_contact_relation" text;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD COLUMN "emergency_contact_phone" text;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD COLUMN "merged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD COLUMN "merged_by" uuid;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD CONSTRAINT "resident_profiles_share_consent_recorded_by_users_id_fk" FOREIGN KEY ("share_consent_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD CONSTRAINT "resident_profiles_merged_into_id_users_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD CONSTRAINT "resident_profiles_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resident_profiles_merged_into_id_index" ON "resident_profiles" USING btree ("merged_into_id");--> statement-breakpoint
ALTER TABLE "resident_profiles" ADD CONSTRAINT "resident_not_merged_into_self" CHECK ("resident_profiles"."merged_into_id" <> "resident_profiles"."user_id");