CREATE TYPE "public"."comment_anchor_kind" AS ENUM('driver', 'text', 'data_point');--> statement-breakpoint
CREATE TYPE "public"."comment_reaction" AS ENUM('thumbs_up', 'heart', 'eyes', 'check', 'question');--> statement-breakpoint
CREATE TYPE "public"."comment_text_part" AS ENUM('nulage', 'future', 'gap', 'goal', 'action');--> statement-breakpoint
CREATE TABLE "comment_reactions" (
	"comment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reaction" "comment_reaction" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comment_reactions_comment_id_user_id_reaction_pk" PRIMARY KEY("comment_id","user_id","reaction")
);
--> statement-breakpoint
CREATE TABLE "comment_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"comment_id" uuid NOT NULL,
	"body" text NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comment_threads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"anchor_kind" "comment_anchor_kind" NOT NULL,
	"anchor_part" "comment_text_part",
	"anchor_item_id" uuid,
	"anchor_start" "bytea",
	"anchor_end" "bytea",
	"quote" text,
	"detached_at" timestamp with time zone,
	"indicator_id" text,
	"region_code" text,
	"period" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	CONSTRAINT "comment_threads_anchor_check" CHECK (case "comment_threads"."anchor_kind"
        when 'driver' then "comment_threads"."anchor_part" is null and "comment_threads"."anchor_item_id" is null and "comment_threads"."anchor_start" is null and "comment_threads"."anchor_end" is null and "comment_threads"."quote" is null and "comment_threads"."indicator_id" is null and "comment_threads"."region_code" is null and "comment_threads"."period" is null
        when 'text' then "comment_threads"."anchor_part" is not null and "comment_threads"."anchor_start" is not null and "comment_threads"."anchor_end" is not null and "comment_threads"."quote" is not null and ("comment_threads"."anchor_item_id" is not null) = ("comment_threads"."anchor_part" in ('goal', 'action')) and "comment_threads"."indicator_id" is null and "comment_threads"."region_code" is null and "comment_threads"."period" is null
        when 'data_point' then "comment_threads"."indicator_id" is not null and "comment_threads"."region_code" is not null and "comment_threads"."anchor_part" is null and "comment_threads"."anchor_item_id" is null and "comment_threads"."anchor_start" is null and "comment_threads"."anchor_end" is null and "comment_threads"."quote" is null
      end),
	CONSTRAINT "comment_threads_resolved_check" CHECK ("comment_threads"."resolved_by" is null or "comment_threads"."resolved_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"thread_id" uuid NOT NULL,
	"author_id" uuid,
	"organisation_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "dialogues" ADD COLUMN "observers_may_comment" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "comment_reactions" ADD CONSTRAINT "comment_reactions_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_reactions" ADD CONSTRAINT "comment_reactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_revisions" ADD CONSTRAINT "comment_revisions_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_threads" ADD CONSTRAINT "comment_threads_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_threads" ADD CONSTRAINT "comment_threads_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_threads" ADD CONSTRAINT "comment_threads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_threads" ADD CONSTRAINT "comment_threads_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_thread_id_comment_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."comment_threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_reactions_user_idx" ON "comment_reactions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "comment_revisions_comment_idx" ON "comment_revisions" USING btree ("comment_id","id");--> statement-breakpoint
CREATE INDEX "comment_threads_driver_idx" ON "comment_threads" USING btree ("driver_id","last_activity_at");--> statement-breakpoint
CREATE INDEX "comment_threads_dialogue_open_idx" ON "comment_threads" USING btree ("dialogue_id","driver_id") WHERE "comment_threads"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "comments_thread_idx" ON "comments" USING btree ("thread_id","created_at","id");--> statement-breakpoint
CREATE INDEX "comments_author_idx" ON "comments" USING btree ("author_id");