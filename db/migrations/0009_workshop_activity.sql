CREATE TABLE "workshop_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prompt_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"organisation_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workshop_ballot_dots" (
	"vote_id" uuid NOT NULL,
	"voter" uuid NOT NULL,
	"target_id" text NOT NULL,
	"dots" integer NOT NULL,
	CONSTRAINT "workshop_ballot_dots_vote_id_voter_target_id_pk" PRIMARY KEY("vote_id","voter","target_id"),
	CONSTRAINT "workshop_ballot_dots_positive" CHECK ("workshop_ballot_dots"."dots" > 0)
);
--> statement-breakpoint
CREATE TABLE "workshop_ballots" (
	"vote_id" uuid NOT NULL,
	"voter" uuid NOT NULL,
	"cast_by" uuid,
	"dots" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_ballots_vote_id_voter_pk" PRIMARY KEY("vote_id","voter")
);
--> statement-breakpoint
CREATE TABLE "workshop_created_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workshop_id" uuid NOT NULL,
	"answer_id" uuid,
	"use" text NOT NULL,
	"driver_id" uuid,
	"item_id" text NOT NULL,
	"text" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_created_items_use_check" CHECK ("workshop_created_items"."use" in ('goal', 'action', 'comment'))
);
--> statement-breakpoint
CREATE TABLE "workshop_prompts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workshop_id" uuid NOT NULL,
	"question" text NOT NULL,
	"driver_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"revealed_at" timestamp with time zone,
	CONSTRAINT "workshop_prompts_status_check" CHECK ("workshop_prompts"."status" in ('open', 'closed', 'revealed'))
);
--> statement-breakpoint
CREATE TABLE "workshop_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workshop_id" uuid NOT NULL,
	"title" text NOT NULL,
	"target_kind" text NOT NULL,
	"mode" text NOT NULL,
	"dots_per_voter" integer NOT NULL,
	"targets" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"revealed_at" timestamp with time zone,
	CONSTRAINT "workshop_votes_status_check" CHECK ("workshop_votes"."status" in ('open', 'closed', 'revealed')),
	CONSTRAINT "workshop_votes_mode_check" CHECK ("workshop_votes"."mode" in ('participant', 'organisation')),
	CONSTRAINT "workshop_votes_target_kind_check" CHECK ("workshop_votes"."target_kind" in ('goal', 'action', 'driver')),
	CONSTRAINT "workshop_votes_dots_check" CHECK ("workshop_votes"."dots_per_voter" between 1 and 50)
);
--> statement-breakpoint
ALTER TABLE "workshop_answers" ADD CONSTRAINT "workshop_answers_prompt_id_workshop_prompts_id_fk" FOREIGN KEY ("prompt_id") REFERENCES "public"."workshop_prompts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_answers" ADD CONSTRAINT "workshop_answers_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_answers" ADD CONSTRAINT "workshop_answers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_ballot_dots" ADD CONSTRAINT "workshop_ballot_dots_vote_id_voter_workshop_ballots_vote_id_voter_fk" FOREIGN KEY ("vote_id","voter") REFERENCES "public"."workshop_ballots"("vote_id","voter") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_ballots" ADD CONSTRAINT "workshop_ballots_vote_id_workshop_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."workshop_votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_ballots" ADD CONSTRAINT "workshop_ballots_cast_by_users_id_fk" FOREIGN KEY ("cast_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_created_items" ADD CONSTRAINT "workshop_created_items_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_created_items" ADD CONSTRAINT "workshop_created_items_answer_id_workshop_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."workshop_answers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_created_items" ADD CONSTRAINT "workshop_created_items_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_created_items" ADD CONSTRAINT "workshop_created_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_prompts" ADD CONSTRAINT "workshop_prompts_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_prompts" ADD CONSTRAINT "workshop_prompts_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_prompts" ADD CONSTRAINT "workshop_prompts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_votes" ADD CONSTRAINT "workshop_votes_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_votes" ADD CONSTRAINT "workshop_votes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_answers_prompt_author_key" ON "workshop_answers" USING btree ("prompt_id","author_id");--> statement-breakpoint
CREATE INDEX "workshop_created_items_workshop_idx" ON "workshop_created_items" USING btree ("workshop_id","created_at");--> statement-breakpoint
CREATE INDEX "workshop_created_items_answer_idx" ON "workshop_created_items" USING btree ("answer_id");--> statement-breakpoint
CREATE INDEX "workshop_prompts_workshop_idx" ON "workshop_prompts" USING btree ("workshop_id","created_at");--> statement-breakpoint
CREATE INDEX "workshop_votes_workshop_idx" ON "workshop_votes" USING btree ("workshop_id","created_at");