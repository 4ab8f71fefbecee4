-- Added nullable, filled below, then made NOT NULL (the table already has rows).
ALTER TABLE "districts" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "district_name_en_length" CHECK (char_length("districts"."name_en") between 1 and 80);--> statement-breakpoint
-- Data step (hand-written): English names for the districts already there — the seed's Hepburn
-- names for the demo districts, else the code capitalised (it is already a romanisation) —
-- then the column is required.
UPDATE "districts" AS d SET "name_en" = v."name_en"
FROM (VALUES
	('chuo', 'Chuo'),
	('shin-asahikawa', 'Shin-Asahikawa'),
	('taisei', 'Taisei'),
	('nagayama', 'Nagayama'),
	('higashi-asahikawa', 'Higashi-Asahikawa'),
	('toyooka', 'Toyooka'),
	('toko', 'Toko'),
	('kagura', 'Kagura'),
	('kaguraoka', 'Kaguraoka'),
	('midorigaoka', 'Midorigaoka'),
	('nishi-kagura', 'Nishi-Kagura'),
	('kamui', 'Kamui'),
	('chuwa', 'Chuwa'),
	('asahimachi', 'Asahimachi / Omachi'),
	('hokusei', 'Hokusei'),
	('shunko', 'Shunko'),
	('shunkodai', 'Shunkodai'),
	('suehiro', 'Suehiro'),
	('higashi-takasu', 'Higashi-Takasu'),
	('etanbetsu', 'Etanbetsu')
) AS v("code", "name_en")
WHERE d."code" = v."code";--> statement-breakpoint
UPDATE "districts" SET "name_en" = left(initcap("code"), 80) WHERE "name_en" IS NULL;--> statement-breakpoint
ALTER TABLE "districts" ALTER COLUMN "name_en" SET NOT NULL;
