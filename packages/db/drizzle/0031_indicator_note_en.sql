ALTER TABLE "plan_indicators" ADD COLUMN "baseline_note_en" text;--> statement-breakpoint
ALTER TABLE "plan_indicators" ADD COLUMN "target_note_en" text;--> statement-breakpoint
-- Data step (hand-written): the plan's notes in both languages, as the seed now holds them
-- (packages/db/src/seed/indicators-data.ts; the seed re-applies them on every run).
UPDATE "plan_indicators" AS p SET
	"baseline_note" = v."baseline_note", "baseline_note_en" = v."baseline_note_en",
	"target_note" = v."target_note", "target_note_en" = v."target_note_en"
FROM (VALUES
	('V2-3-b', '令和4年度末', 'End of FY2022', '令和11年度末 (累計)', 'End of FY2029 (cumulative)'),
	('V3-1-a', NULL, NULL, '計画は 目標の横に【令和4年度】と 印刷していますが、令和11年度の 誤植と みなしています', 'The plan prints FY2022 beside the target, taken here as a misprint for FY2029'),
	('V3-3-b', NULL, NULL, '毎月1回', 'Once a month'),
	('V4-3-b', '計画では 年度が 空欄です（令和〇年度）', 'The plan leaves the year blank', NULL, NULL),
	('V4-3-c', '計画では 年度が 空欄です（令和〇年度）', 'The plan leaves the year blank', NULL, NULL)
) AS v("code", "baseline_note", "baseline_note_en", "target_note", "target_note_en")
WHERE p."code" = v."code";
