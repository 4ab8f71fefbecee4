CREATE TABLE "volunteer_introductions" (
	"volunteer_id" uuid PRIMARY KEY NOT NULL,
	"organisation" text NOT NULL,
	"phone" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "volunteer_profiles" ADD COLUMN "first_task_with_buddy" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer_profiles" ADD COLUMN "prefer_quiet" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer_introductions" ADD CONSTRAINT "volunteer_introductions_volunteer_id_users_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_introductions" ADD CONSTRAINT "volunteer_introductions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;