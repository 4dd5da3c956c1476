CREATE TYPE "public"."round_kind" AS ENUM('comment', 'suggestion', 'stance');--> statement-breakpoint
CREATE TYPE "public"."stance_value" AS ENUM('support', 'accept', 'object');--> statement-breakpoint
CREATE TYPE "public"."suggestion_item_kind" AS ENUM('goal', 'action');--> statement-breakpoint
CREATE TYPE "public"."suggestion_status" AS ENUM('pending', 'accepted', 'rejected');--> statement-breakpoint
ALTER TYPE "public"."notification_reason" ADD VALUE 'round_opened';--> statement-breakpoint
ALTER TYPE "public"."notification_reason" ADD VALUE 'round_reminder';--> statement-breakpoint
ALTER TYPE "public"."notification_reason" ADD VALUE 'round_closed';--> statement-breakpoint
ALTER TYPE "public"."notification_reason" ADD VALUE 'stance_stale';--> statement-breakpoint
ALTER TYPE "public"."notification_reason" ADD VALUE 'suggestion_decided';--> statement-breakpoint
ALTER TYPE "public"."notification_reason" ADD VALUE 'agreed_gap_changed';--> statement-breakpoint
CREATE TABLE "agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"driver_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"content" jsonb NOT NULL,
	"data_releases" jsonb NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"kind" text NOT NULL,
	"subject" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "round_drivers" (
	"round_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	CONSTRAINT "round_drivers_round_id_driver_id_pk" PRIMARY KEY("round_id","driver_id")
);
--> statement-breakpoint
CREATE TABLE "round_organisations" (
	"round_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "round_organisations_round_id_organisation_id_pk" PRIMARY KEY("round_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"kind" "round_kind" NOT NULL,
	"title" text NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"previous_round_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rounds_schedule_check" CHECK ("rounds"."closes_at" > "rounds"."opens_at"),
	CONSTRAINT "rounds_closed_check" CHECK ("rounds"."closed_by" is null or "rounds"."closed_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "stances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"value" "stance_value" NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"given_by" uuid,
	"desired_fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stances_reason_check" CHECK ("stances"."value" <> 'object' or length("stances"."reason") > 0)
);
--> statement-breakpoint
CREATE TABLE "suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"item_kind" "suggestion_item_kind" NOT NULL,
	"item_id" uuid NOT NULL,
	"base_text" text NOT NULL,
	"proposed_text" text NOT NULL,
	"status" "suggestion_status" DEFAULT 'pending' NOT NULL,
	"decision_reason" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "suggestions_decision_check" CHECK (("suggestions"."status" = 'pending') = ("suggestions"."decided_at" is null)),
	CONSTRAINT "suggestions_reason_check" CHECK ("suggestions"."status" <> 'rejected' or length("suggestions"."decision_reason") > 0)
);
--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "driver_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "thread_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "comment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "comment_threads" ADD COLUMN "suggestion_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "round_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "suggestion_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "agreement_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_drivers" ADD CONSTRAINT "round_drivers_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_drivers" ADD CONSTRAINT "round_drivers_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_organisations" ADD CONSTRAINT "round_organisations_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_organisations" ADD CONSTRAINT "round_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_previous_round_id_rounds_id_fk" FOREIGN KEY ("previous_round_id") REFERENCES "public"."rounds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stances" ADD CONSTRAINT "stances_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stances" ADD CONSTRAINT "stances_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stances" ADD CONSTRAINT "stances_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stances" ADD CONSTRAINT "stances_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stances" ADD CONSTRAINT "stances_given_by_users_id_fk" FOREIGN KEY ("given_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreements_dialogue_idx" ON "agreements" USING btree ("dialogue_id","driver_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_dialogue_idx" ON "audit_events" USING btree ("dialogue_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_kind_idx" ON "audit_events" USING btree ("dialogue_id","kind","created_at");--> statement-breakpoint
CREATE INDEX "round_drivers_driver_idx" ON "round_drivers" USING btree ("driver_id");--> statement-breakpoint
CREATE INDEX "round_organisations_organisation_idx" ON "round_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "rounds_dialogue_idx" ON "rounds" USING btree ("dialogue_id","opens_at");--> statement-breakpoint
CREATE INDEX "rounds_due_open_idx" ON "rounds" USING btree ("opens_at") WHERE "rounds"."opened_at" is null and "rounds"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "rounds_due_close_idx" ON "rounds" USING btree ("closes_at") WHERE "rounds"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "stances_driver_org_idx" ON "stances" USING btree ("driver_id","organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "stances_round_idx" ON "stances" USING btree ("round_id","driver_id","organisation_id");--> statement-breakpoint
CREATE INDEX "suggestions_driver_idx" ON "suggestions" USING btree ("driver_id","status","created_at");--> statement-breakpoint
CREATE INDEX "suggestions_round_idx" ON "suggestions" USING btree ("round_id");--> statement-breakpoint
ALTER TABLE "comment_threads" ADD CONSTRAINT "comment_threads_suggestion_id_suggestions_id_fk" FOREIGN KEY ("suggestion_id") REFERENCES "public"."suggestions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_suggestion_id_suggestions_id_fk" FOREIGN KEY ("suggestion_id") REFERENCES "public"."suggestions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_threads_suggestion_idx" ON "comment_threads" USING btree ("suggestion_id");--> statement-breakpoint
CREATE INDEX "notifications_round_idx" ON "notifications" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "notifications_suggestion_idx" ON "notifications" USING btree ("suggestion_id");--> statement-breakpoint
CREATE INDEX "notifications_agreement_idx" ON "notifications" USING btree ("agreement_id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_dedupe_key" UNIQUE("recipient_id","dedupe_key");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_subject_check" CHECK (case when "notifications"."reason" in ('mention', 'reply', 'activity', 'resolved')
        then "notifications"."comment_id" is not null and "notifications"."thread_id" is not null and "notifications"."driver_id" is not null
        else "notifications"."dedupe_key" is not null end);--> statement-breakpoint
-- Append-only records (issue 7). Written by hand: drizzle-kit does not model triggers.
CREATE FUNCTION "samsyn_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001', HINT = 'samsyn_append_only';
END;
$$;--> statement-breakpoint
-- An agreement goes only with its dialogue: the cascade deletes the dialogue first, so a delete
-- whose dialogue still exists is a direct one and is refused.
CREATE FUNCTION "samsyn_refuse_agreement_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "dialogues" WHERE "id" = OLD."dialogue_id") THEN
    RAISE EXCEPTION 'agreements are immutable: DELETE refused' USING ERRCODE = 'P0001', HINT = 'samsyn_append_only';
  END IF;
  RETURN OLD;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "samsyn_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "samsyn_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "agreements_no_update" BEFORE UPDATE ON "agreements" FOR EACH ROW EXECUTE FUNCTION "samsyn_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "agreements_no_delete" BEFORE DELETE ON "agreements" FOR EACH ROW EXECUTE FUNCTION "samsyn_refuse_agreement_delete"();--> statement-breakpoint
CREATE TRIGGER "agreements_no_truncate" BEFORE TRUNCATE ON "agreements" FOR EACH STATEMENT EXECUTE FUNCTION "samsyn_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "stances_no_update" BEFORE UPDATE ON "stances" FOR EACH ROW EXECUTE FUNCTION "samsyn_refuse_change"();
