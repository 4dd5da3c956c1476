CREATE TYPE "public"."release_kind" AS ENUM('values', 'projection');--> statement-breakpoint
CREATE TABLE "data_releases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"kind" "release_kind" NOT NULL,
	"file_name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_count" integer NOT NULL,
	"new_count" integer NOT NULL,
	"changed_count" integer NOT NULL,
	"defined_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projection_inputs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"release_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"indicator_id" text,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"age_band" text NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL
);
--> statement-breakpoint
DROP INDEX "indicator_values_key_idx";--> statement-breakpoint
DROP INDEX "indicator_values_indicator_id_idx";--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "release_id" bigint;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "dialogue_id" uuid;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "source_ref" text;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "dialogue_id" uuid;--> statement-breakpoint
ALTER TABLE "data_releases" ADD CONSTRAINT "data_releases_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_releases" ADD CONSTRAINT "data_releases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projection_inputs" ADD CONSTRAINT "projection_inputs_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projection_inputs" ADD CONSTRAINT "projection_inputs_release_id_data_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."data_releases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_releases_dialogue_id_idx" ON "data_releases" USING btree ("dialogue_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "projection_inputs_release_key_idx" ON "projection_inputs" USING btree ("release_id","kind",coalesce("indicator_id", ''),"region_code","year","age_band");--> statement-breakpoint
CREATE INDEX "projection_inputs_dialogue_id_idx" ON "projection_inputs" USING btree ("dialogue_id","region_code","release_id");--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_release_id_data_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."data_releases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicators_dialogue_id_idx" ON "indicators" USING btree ("dialogue_id");--> statement-breakpoint
CREATE INDEX "indicator_values_indicator_id_idx" ON "indicator_values" USING btree ("indicator_id","dialogue_id");--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_release_key" UNIQUE NULLS NOT DISTINCT("release_id","indicator_id","region_label","period");--> statement-breakpoint
-- The catalogue now names its source: for the figures already loaded, the source of each indicator's first value.
UPDATE "indicators" AS i SET "source" = v."source", "source_ref" = v."source_ref"
FROM (SELECT DISTINCT ON ("indicator_id") "indicator_id", "source", "source_ref" FROM "indicator_values" ORDER BY "indicator_id", "id") AS v
WHERE v."indicator_id" = i."id" AND i."source" IS NULL;
