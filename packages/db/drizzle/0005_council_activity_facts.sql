CREATE TABLE "council_facts_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_facts_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_request_facts" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"category" "help_category" NOT NULL,
	"status" "request_status" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"month" date NOT NULL,
	"first_proposal_hours" double precision,
	"minutes_given" integer DEFAULT 0 NOT NULL,
	"thanks" integer DEFAULT 0 NOT NULL,
	"concerns" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_request_helpers" (
	"request_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"category" "help_category" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"month" date NOT NULL,
	CONSTRAINT "council_request_helpers_request_id_volunteer_id_pk" PRIMARY KEY("request_id","volunteer_id")
);
--> statement-breakpoint
CREATE INDEX "council_request_facts_created_at_index" ON "council_request_facts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "council_request_facts_district_id_created_at_index" ON "council_request_facts" USING btree ("district_id","created_at");--> statement-breakpoint
CREATE INDEX "council_request_helpers_created_at_index" ON "council_request_helpers" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "council_request_helpers_district_id_created_at_index" ON "council_request_helpers" USING btree ("district_id","created_at");--> statement-breakpoint
-- Hand-written below (drizzle-kit does not model functions or triggers): how the facts stay up
-- to date. See packages/db/src/schema/council-facts.ts.
--
-- The facts of the given requests (every request when ids is null), as they are now.
CREATE FUNCTION "council_facts_rows"(ids uuid[]) RETURNS SETOF "council_request_facts"
LANGUAGE sql STABLE AS $$
  select hr.id, hr.district_id, hr.resident_id, hr.category, hr.status, hr.created_at,
         (date_trunc('month', hr.created_at at time zone 'Asia/Tokyo'))::date,
         (extract(epoch from m.first_at - hr.created_at) / 3600.0)::double precision,
         coalesce(m.minutes, 0)::int,
         (select count(*) from thanks t where t.request_id = hr.id)::int,
         (select count(*) from concerns c where c.request_id = hr.id)::int
  from help_requests hr
  left join lateral (
    select min(m.created_at) as first_at,
           sum(m.minutes_spent) filter (where m.status = 'completed') as minutes
    from matches m where m.request_id = hr.id
  ) m on true
  where ids is null or hr.id = any(ids)
$$;
--> statement-breakpoint
-- The helpers of the given requests (every request when ids is null), from their facts.
CREATE FUNCTION "council_facts_helper_rows"(ids uuid[]) RETURNS SETOF "council_request_helpers"
LANGUAGE sql STABLE AS $$
  select distinct f.request_id, m.volunteer_id, f.district_id, f.category, f.created_at, f.month
  from council_request_facts f join matches m on m.request_id = f.request_id
  where m.status in ('accepted', 'completed') and (ids is null or f.request_id = any(ids))
$$;
--> statement-breakpoint
-- Recomputes the facts of every queued request; returns the instant the facts are current as
-- of (every change committed before it is reflected). One applier at a time.
CREATE FUNCTION "council_facts_apply"() RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
  as_of timestamptz;
  ids uuid[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM council_facts_dirty) THEN
    RETURN clock_timestamp();
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('sasaeai.council_facts'));
  as_of := clock_timestamp();
  WITH d AS (DELETE FROM council_facts_dirty RETURNING request_id)
  SELECT coalesce(array_agg(DISTINCT d.request_id), '{}') INTO ids FROM d;
  IF cardinality(ids) > 0 THEN
    DELETE FROM council_request_helpers WHERE request_id = ANY(ids);
    DELETE FROM council_request_facts WHERE request_id = ANY(ids);
    INSERT INTO council_request_facts SELECT * FROM council_facts_rows(ids);
    INSERT INTO council_request_helpers SELECT * FROM council_facts_helper_rows(ids);
  END IF;
  INSERT INTO council_facts_state (id, refreshed_at) VALUES (1, as_of)
    ON CONFLICT (id) DO UPDATE SET refreshed_at = excluded.refreshed_at;
  RETURN as_of;
END
$$;
--> statement-breakpoint
-- Recomputes every row (repair; not needed in normal operation).
CREATE FUNCTION "council_facts_rebuild"() RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
  as_of timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('sasaeai.council_facts'));
  as_of := clock_timestamp();
  DELETE FROM council_facts_dirty;
  DELETE FROM council_request_helpers;
  DELETE FROM council_request_facts;
  INSERT INTO council_request_facts SELECT * FROM council_facts_rows(NULL);
  INSERT INTO council_request_helpers SELECT * FROM council_facts_helper_rows(NULL);
  INSERT INTO council_facts_state (id, refreshed_at) VALUES (1, as_of)
    ON CONFLICT (id) DO UPDATE SET refreshed_at = excluded.refreshed_at;
  RETURN as_of;
END
$$;
--> statement-breakpoint
-- Queue the requests a statement touched. help_requests: only when a column the facts hold
-- changed; matches, thanks, concerns: every touched request (old and new request_id).
CREATE FUNCTION "council_facts_mark_requests"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO council_facts_dirty (request_id) SELECT n.id FROM new_rows n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO council_facts_dirty (request_id)
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.district_id, n.resident_id, n.category, n.status, n.created_at)
        IS DISTINCT FROM (o.district_id, o.resident_id, o.category, o.status, o.created_at);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO council_facts_dirty (request_id) SELECT o.id FROM old_rows o;
  ELSE -- TRUNCATE
    INSERT INTO council_facts_dirty (request_id) SELECT f.request_id FROM council_request_facts f;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "council_facts_mark_children"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO council_facts_dirty (request_id) SELECT DISTINCT n.request_id FROM new_rows n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO council_facts_dirty (request_id)
      SELECT n.request_id FROM new_rows n UNION SELECT o.request_id FROM old_rows o;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO council_facts_dirty (request_id) SELECT DISTINCT o.request_id FROM old_rows o;
  ELSE -- TRUNCATE
    INSERT INTO council_facts_dirty (request_id) SELECT f.request_id FROM council_request_facts f;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "council_facts_requests_insert" AFTER INSERT ON "help_requests"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_requests();--> statement-breakpoint
CREATE TRIGGER "council_facts_requests_update" AFTER UPDATE ON "help_requests"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_requests();--> statement-breakpoint
CREATE TRIGGER "council_facts_requests_delete" AFTER DELETE ON "help_requests"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_requests();--> statement-breakpoint
CREATE TRIGGER "council_facts_requests_truncate" AFTER TRUNCATE ON "help_requests"
  FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_requests();--> statement-breakpoint
CREATE TRIGGER "council_facts_matches_insert" AFTER INSERT ON "matches"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_matches_update" AFTER UPDATE ON "matches"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_matches_delete" AFTER DELETE ON "matches"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_matches_truncate" AFTER TRUNCATE ON "matches"
  FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_thanks_insert" AFTER INSERT ON "thanks"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_thanks_update" AFTER UPDATE ON "thanks"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_thanks_delete" AFTER DELETE ON "thanks"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_thanks_truncate" AFTER TRUNCATE ON "thanks"
  FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_concerns_insert" AFTER INSERT ON "concerns"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_concerns_update" AFTER UPDATE ON "concerns"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_concerns_delete" AFTER DELETE ON "concerns"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
CREATE TRIGGER "council_facts_concerns_truncate" AFTER TRUNCATE ON "concerns"
  FOR EACH STATEMENT EXECUTE FUNCTION council_facts_mark_children();--> statement-breakpoint
-- Existing data (e.g. a database migrated with requests in it).
SELECT council_facts_rebuild();--> statement-breakpoint
ANALYZE council_request_facts;--> statement-breakpoint
ANALYZE council_request_helpers;
