DROP INDEX "matches_request_id_index";--> statement-breakpoint
CREATE INDEX "matches_request_cover" ON "matches" USING btree ("request_id","created_at","status","volunteer_id","minutes_spent");--> statement-breakpoint
CREATE INDEX "concerns_request_id_index" ON "concerns" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "thanks_request_id_index" ON "thanks" USING btree ("request_id");