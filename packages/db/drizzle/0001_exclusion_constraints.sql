-- drizzle cannot express exclusion constraints; this migration adds what it cannot.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
-- An individual volunteer is never booked twice for overlapping times (DESIGN: no double booking).
ALTER TABLE "matches" ADD CONSTRAINT "matches_no_overlapping_booking"
  EXCLUDE USING gist ("volunteer_id" WITH =, "booked_during" WITH &&)
  WHERE ("exclusive" AND "status" IN ('approved', 'offered', 'accepted'));
