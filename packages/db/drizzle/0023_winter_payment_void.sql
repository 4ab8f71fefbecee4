ALTER TABLE "winter_payments" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "winter_payments" ADD COLUMN "voided_by" uuid;--> statement-breakpoint
ALTER TABLE "winter_payments" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "winter_payments" ADD CONSTRAINT "winter_payments_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "winter_payments" ADD CONSTRAINT "winter_payment_void_complete" CHECK (("winter_payments"."voided_at" is null) = ("winter_payments"."voided_by" is null) and ("winter_payments"."voided_at" is null) = ("winter_payments"."void_reason" is null));