ALTER TABLE "notification_preferences" ADD COLUMN "proxy_name" text;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "proxy_relationship" text;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "proxy_email" text;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "proxy_sms_phone" text;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "proxy_instead" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_proxy" CHECK (("notification_preferences"."proxy_name" is null) = ("notification_preferences"."proxy_relationship" is null) and coalesce("notification_preferences"."proxy_relationship", 'other') in ('family', 'minsei_iin', 'other') and ("notification_preferences"."proxy_name" is null or "notification_preferences"."proxy_email" is not null or "notification_preferences"."proxy_sms_phone" is not null));