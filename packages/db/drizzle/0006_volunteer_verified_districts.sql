ALTER TABLE "volunteer_profiles" ADD COLUMN "verified_district_ids" uuid[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- Volunteers verified before this column: the districts they serve now are those they were verified in.
UPDATE "volunteer_profiles" AS vp SET "verified_district_ids" = coalesce(
  (SELECT array_agg(vd."district_id" ORDER BY vd."district_id") FROM "volunteer_districts" vd WHERE vd."volunteer_id" = vp."user_id"),
  '{}'
) WHERE vp."verification" <> 'pending';
