-- Added nullable, filled below, then made NOT NULL (both tables already have rows).
ALTER TABLE "volunteer_centres" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "plan_indicators" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "volunteer_centres" ADD CONSTRAINT "volunteer_centre_name_en_length" CHECK (char_length("volunteer_centres"."name_en") between 1 and 80);--> statement-breakpoint
ALTER TABLE "plan_indicators" ADD CONSTRAINT "plan_indicator_name_en_length" CHECK (char_length("plan_indicators"."name_en") between 1 and 400);--> statement-breakpoint
-- Data step (hand-written). Centres: 〇〇地区ボランティアセンター becomes "<district> District
-- Volunteer Centre", any other name "<district> Volunteer Centre" (staff can reword it).
UPDATE "volunteer_centres" AS c SET "name_en" = left(
	CASE WHEN c."name" = d."name" || '地区ボランティアセンター'
		THEN d."name_en" || ' District Volunteer Centre'
		ELSE d."name_en" || ' Volunteer Centre' END, 80)
FROM "districts" AS d
WHERE d."id" = c."district_id";--> statement-breakpoint
ALTER TABLE "volunteer_centres" ALTER COLUMN "name_en" SET NOT NULL;--> statement-breakpoint
-- Indicators: the seed's translations (packages/db/src/seed/indicators-data.ts); an indicator
-- the seed does not know keeps its Japanese name until the seed gives it one.
UPDATE "plan_indicators" AS p SET "name_en" = v."name_en"
FROM (VALUES
	('V1-OUT', 'Share of residents who feel that the idea of everyone living together in the community, with or without a disability, has taken root (at least a little) around them'),
	('V1-1-a', 'Publicity for the 5th Asahikawa Community Welfare Plan and the 7th Asahikawa Community Welfare Activity Plan'),
	('V1-1-b', 'Awareness activities for children, pupils and students (welfare education)'),
	('V1-1-c', 'Awareness activities for residents on community welfare and diversity (seminars and the like)'),
	('V1-2-a', 'Cases handled by the Asahikawa Adult Guardianship Support Centre'),
	('V1-2-b', 'Training and engaging the people who support rights advocacy (citizen guardians and daily-life independence support staff: registered and active)'),
	('V1-2-c', 'Building seamless rights advocacy support (guardianships taken on by organisations and daily-life independence support contracts)'),
	('V1-2-d', 'Publicising offender rehabilitation and working to prevent reoffending, with local rehabilitation groups and agencies'),
	('V1-2-e', 'Stronger counselling support for securing work, housing and the like (total consultations at the Independence Support Centre)'),
	('V2-OUT', 'Share of residents who feel (at least a little) that the people of their neighbourhood live helping one another'),
	('V2-1-a', 'Neighbourhood association membership rate'),
	('V2-1-b', 'Promoting exchange between generations (community salons and similar gatherings held)'),
	('V2-2-a', 'Tablets lent to welfare and child commissioners (including developing a portal site for their work)'),
	('V2-2-b-individual', 'Volunteer centre registrations (individuals)'),
	('V2-2-b-group', 'Volunteer centre registrations (groups)'),
	('V2-3-a', 'Community-wide support workers in post'),
	('V2-3-b', 'Consultations on individual support received by community-wide support workers (cumulative)'),
	('V3-OUT', 'Share of residents who feel there are (fairly) good chances to talk to someone when worried or anxious [Asahikawa residents'' survey]'),
	('V3-1-a', 'Support plans drawn up'),
	('V3-1-b', 'Finding people with difficulties through the Anshin watch-over project and connecting them to support agencies (consultations received by community coordinators)'),
	('V3-2-a', 'Total consultations at the Asahikawa Independence Support Centre'),
	('V3-2-b', 'Share of households that found work while receiving the housing security benefit'),
	('V3-2-c', 'Livelihood welfare fund loans (total consultations)'),
	('V3-3-a', 'Support meetings held'),
	('V3-3-b', 'Multi-layered support meetings held'),
	('V3-3-c-1', 'Coordination body meetings held (tier 1)'),
	('V3-3-c-2', 'Coordination body meetings held (tier 2)'),
	('V4-OUT', 'Share of residents who find the overall comfort of their area (fairly) good'),
	('V4-1-a', 'Gathering places started by participants of local care-prevention exercise classes'),
	('V4-1-b', 'Users of the Ikiiki Centres (Shin-Asahikawa, Nagayama and Kagura combined)'),
	('V4-2-a', 'Cases in which community-wide support workers helped build local mutual-support arrangements (cumulative)'),
	('V4-2-b', 'Setting up district volunteer centres'),
	('V4-3-a', 'Keeping the register of people who need help to evacuate, and drills for opening welfare shelters'),
	('V4-3-b', 'Drills for setting up a disaster volunteer centre, ready for disasters'),
	('V4-3-c', 'Individual disaster evacuation plans, linked with the Anshin watch-over project (plans drawn up)')
) AS v("code", "name_en")
WHERE p."code" = v."code";--> statement-breakpoint
UPDATE "plan_indicators" SET "name_en" = left("name", 400) WHERE "name_en" IS NULL;--> statement-breakpoint
ALTER TABLE "plan_indicators" ALTER COLUMN "name_en" SET NOT NULL;
