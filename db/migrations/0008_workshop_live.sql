CREATE TABLE "workshop_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workshop_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workshop_locks" (
	"workshop_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"locked_by" uuid,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_locks_workshop_id_driver_id_scope_pk" PRIMARY KEY("workshop_id","driver_id","scope"),
	CONSTRAINT "workshop_locks_scope_check" CHECK ("workshop_locks"."scope" in ('all', 'nulage', 'future', 'desired', 'gap'))
);
--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "focus_driver_id" uuid;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "focus_part" text;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "timer_driver_id" uuid;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "timer_elapsed_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "timer_running_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workshop_events" ADD CONSTRAINT "workshop_events_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_events" ADD CONSTRAINT "workshop_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_locks" ADD CONSTRAINT "workshop_locks_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_locks" ADD CONSTRAINT "workshop_locks_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_locks" ADD CONSTRAINT "workshop_locks_locked_by_users_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workshop_events_workshop_idx" ON "workshop_events" USING btree ("workshop_id","id");--> statement-breakpoint
CREATE INDEX "workshop_locks_driver_idx" ON "workshop_locks" USING btree ("driver_id");--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_focus_driver_id_drivers_id_fk" FOREIGN KEY ("focus_driver_id") REFERENCES "public"."drivers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_timer_driver_id_drivers_id_fk" FOREIGN KEY ("timer_driver_id") REFERENCES "public"."drivers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_focus_part_check" CHECK ("workshops"."focus_part" is null or "workshops"."focus_part" in ('nulage', 'future', 'desired', 'gap'));