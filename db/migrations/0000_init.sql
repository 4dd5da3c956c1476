CREATE TYPE "public"."action_control" AS ENUM('own', 'collaboration');--> statement-breakpoint
CREATE TYPE "public"."action_horizon" AS ENUM('short', 'long');--> statement-breakpoint
CREATE TYPE "public"."action_level" AS ENUM('local', 'regional', 'national');--> statement-breakpoint
CREATE TYPE "public"."action_organisation_role" AS ENUM('responsible', 'collaborating');--> statement-breakpoint
CREATE TYPE "public"."dialogue_status" AS ENUM('draft', 'active', 'closed');--> statement-breakpoint
CREATE TYPE "public"."indicator_direction" AS ENUM('higher_is_better', 'lower_is_better', 'neutral');--> statement-breakpoint
CREATE TYPE "public"."indicator_part" AS ENUM('nulage', 'future');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('facilitator', 'participant', 'observer');--> statement-breakpoint
CREATE TYPE "public"."organisation_type" AS ENUM('region', 'kommun', 'myndighet', 'yrkesforbund', 'larosate', 'patientorganisation', 'vardgivare', 'naringsliv', 'elevhalsa', 'forskningsfinansiar', 'civilsamhalle', 'annan');--> statement-breakpoint
CREATE TYPE "public"."target_direction" AS ENUM('increase', 'decrease', 'maintain');--> statement-breakpoint
CREATE TYPE "public"."text_part" AS ENUM('nulage', 'future', 'gap');--> statement-breakpoint
CREATE TYPE "public"."who_class" AS ENUM('within', 'predictable', 'uncertain');--> statement-breakpoint
CREATE TABLE "accounts" (
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"refresh_token" text,
	"access_token" text,
	"expires_at" integer,
	"token_type" text,
	"scope" text,
	"id_token" text,
	"session_state" text,
	CONSTRAINT "accounts_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
--> statement-breakpoint
CREATE TABLE "dialogue_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" "member_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dialogue_organisations" (
	"dialogue_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dialogue_organisations_dialogue_id_organisation_id_pk" PRIMARY KEY("dialogue_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "dialogues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"planning_question" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"region_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"horizon_from" integer NOT NULL,
	"horizon_to" integer NOT NULL,
	"status" "dialogue_status" DEFAULT 'draft' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "driver_indicators" (
	"driver_id" uuid NOT NULL,
	"part" "indicator_part" NOT NULL,
	"indicator_id" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "driver_indicators_driver_id_part_indicator_id_pk" PRIMARY KEY("driver_id","part","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "driver_texts" (
	"driver_id" uuid NOT NULL,
	"part" text_part NOT NULL,
	"doc" jsonb NOT NULL,
	"plain_text" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "driver_texts_driver_id_part_pk" PRIMARY KEY("driver_id","part")
);
--> statement-breakpoint
CREATE TABLE "drivers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"who_class" "who_class" NOT NULL,
	"care_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"change_perspectives" text[] DEFAULT '{}'::text[] NOT NULL,
	"position" integer NOT NULL,
	"source_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gap_action_organisations" (
	"action_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" "action_organisation_role" NOT NULL,
	CONSTRAINT "gap_action_organisations_action_id_organisation_id_pk" PRIMARY KEY("action_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "gap_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"driver_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"horizon" "action_horizon" NOT NULL,
	"level" "action_level" NOT NULL,
	"control" "action_control" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"driver_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"target_indicator_id" text,
	"target_region_code" text,
	"target_value" double precision,
	"target_year" integer,
	"target_direction" "target_direction",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_facts" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_id" text NOT NULL,
	"name_sv" text NOT NULL,
	"name_en" text NOT NULL,
	"region_code" text,
	"region_label" text NOT NULL,
	"period" text,
	"value" text,
	"unit" text NOT NULL,
	"direction" "indicator_direction" NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_id" text NOT NULL,
	"region_code" text,
	"region_label" text NOT NULL,
	"period" text,
	"value" double precision,
	"unit" text NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" text PRIMARY KEY NOT NULL,
	"name_sv" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" text NOT NULL,
	"direction" "indicator_direction" NOT NULL,
	"definition" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"email" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" "member_role" NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" "organisation_type" NOT NULL,
	"region_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "outbox_mails" (
	"id" serial PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name_sv" text NOT NULL,
	"region_group_no" integer,
	"region_group" text
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"session_token" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text,
	"email" text NOT NULL,
	"email_verified" timestamp with time zone,
	"image" text,
	"locale" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"deactivated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "verification_tokens" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_tokens_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_members" ADD CONSTRAINT "dialogue_members_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_members" ADD CONSTRAINT "dialogue_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_members" ADD CONSTRAINT "dialogue_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_organisations" ADD CONSTRAINT "dialogue_organisations_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_organisations" ADD CONSTRAINT "dialogue_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogues" ADD CONSTRAINT "dialogues_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "driver_indicators" ADD CONSTRAINT "driver_indicators_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "driver_texts" ADD CONSTRAINT "driver_texts_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "driver_texts" ADD CONSTRAINT "driver_texts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drivers" ADD CONSTRAINT "drivers_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gap_action_organisations" ADD CONSTRAINT "gap_action_organisations_action_id_gap_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."gap_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gap_action_organisations" ADD CONSTRAINT "gap_action_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gap_actions" ADD CONSTRAINT "gap_actions_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_statements" ADD CONSTRAINT "goal_statements_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_statements" ADD CONSTRAINT "goal_statements_target_indicator_id_indicators_id_fk" FOREIGN KEY ("target_indicator_id") REFERENCES "public"."indicators"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_statements" ADD CONSTRAINT "goal_statements_target_region_code_regions_code_fk" FOREIGN KEY ("target_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_user_id_idx" ON "accounts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dialogue_members_dialogue_user_idx" ON "dialogue_members" USING btree ("dialogue_id","user_id");--> statement-breakpoint
CREATE INDEX "dialogue_members_user_id_idx" ON "dialogue_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "dialogue_members_organisation_id_idx" ON "dialogue_members" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "dialogue_organisations_organisation_id_idx" ON "dialogue_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "driver_indicators_indicator_id_idx" ON "driver_indicators" USING btree ("indicator_id");--> statement-breakpoint
CREATE INDEX "drivers_dialogue_id_idx" ON "drivers" USING btree ("dialogue_id","position");--> statement-breakpoint
CREATE INDEX "gap_action_organisations_organisation_id_idx" ON "gap_action_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "gap_actions_driver_id_idx" ON "gap_actions" USING btree ("driver_id","position");--> statement-breakpoint
CREATE INDEX "goal_statements_driver_id_idx" ON "goal_statements" USING btree ("driver_id","position");--> statement-breakpoint
CREATE INDEX "indicator_facts_indicator_id_idx" ON "indicator_facts" USING btree ("indicator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_values_key_idx" ON "indicator_values" USING btree ("indicator_id","region_label",coalesce("period", ''));--> statement-breakpoint
CREATE INDEX "indicator_values_indicator_id_idx" ON "indicator_values" USING btree ("indicator_id");--> statement-breakpoint
CREATE INDEX "invitations_dialogue_id_idx" ON "invitations" USING btree ("dialogue_id");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");