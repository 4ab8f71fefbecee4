CREATE TYPE "public"."action_purpose" AS ENUM('offer.accept', 'offer.decline', 'password.reset');--> statement-breakpoint
CREATE TABLE "action_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"purpose" "action_purpose" NOT NULL,
	"user_id" uuid NOT NULL,
	"match_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_token_subject" CHECK (("action_tokens"."purpose" in ('offer.accept', 'offer.decline')) = ("action_tokens"."match_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "action_tokens" ADD CONSTRAINT "action_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_tokens" ADD CONSTRAINT "action_tokens_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_tokens_match_id_index" ON "action_tokens" USING btree ("match_id");--> statement-breakpoint
CREATE INDEX "action_tokens_user_id_purpose_index" ON "action_tokens" USING btree ("user_id","purpose");