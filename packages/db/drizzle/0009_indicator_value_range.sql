-- Values no page can show (NaN, ±Infinity, 1e12 and above) could be entered before this check:
-- such a value is dropped, and a row left with neither value nor text is removed.
UPDATE "indicator_values" SET "value" = NULL WHERE abs("value") >= 1000000000000 AND "value_text" IS NOT NULL;--> statement-breakpoint
DELETE FROM "indicator_values" WHERE abs("value") >= 1000000000000;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_value_range" CHECK (abs("indicator_values"."value") < 1000000000000);
