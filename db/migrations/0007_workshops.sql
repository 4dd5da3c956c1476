CREATE TYPE "public"."workshop_status" AS ENUM('planned', 'running', 'paused', 'ended');--> statement-breakpoint
CREATE TABLE "workshop_agenda_items" (
	"workshop_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"timebox_minutes" integer NOT NULL,
	CONSTRAINT "workshop_agenda_items_workshop_id_driver_id_pk" PRIMARY KEY("workshop_id","driver_id"),
	CONSTRAINT "workshop_agenda_items_timebox_check" CHECK ("workshop_agenda_items"."timebox_minutes" between 1 and 240)
);
--> statement-breakpoint
CREATE TABLE "workshops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dialogue_id" uuid NOT NULL,
	"title" text NOT NULL,
	"planned_for" timestamp with time zone,
	"status" "workshop_status" DEFAULT 'planned' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workshop_agenda_items" ADD CONSTRAINT "workshop_agenda_items_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_agenda_items" ADD CONSTRAINT "workshop_agenda_items_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workshop_agenda_items_order_idx" ON "workshop_agenda_items" USING btree ("workshop_id","position");--> statement-breakpoint
CREATE INDEX "workshop_agenda_items_driver_idx" ON "workshop_agenda_items" USING btree ("driver_id");--> statement-breakpoint
CREATE INDEX "workshops_dialogue_idx" ON "workshops" USING btree ("dialogue_id","created_at");