CREATE TABLE "advice_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advice_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"author_id" uuid,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advice_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requester_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"municipality_code" text,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"group_id" uuid,
	"assignee_id" uuid,
	"status" text DEFAULT 'new' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"assigned_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "advice_routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"topic" text,
	"municipality_code" text,
	"group_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "adviser_group_members" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "adviser_group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "adviser_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "park_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_id" uuid NOT NULL,
	"organisation_id" uuid,
	"booked_by" uuid,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "park_bookings_order_check" CHECK ("park_bookings"."ends_at" > "park_bookings"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "park_dialogue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"occurred_on" date NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "park_enterprises" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"membership" text DEFAULT 'virtual' NOT NULL,
	"stage" text DEFAULT 'operating' NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"services" text DEFAULT '' NOT NULL,
	"contact_email" text,
	"contact_phone" text,
	"address" text,
	"founded_year" integer,
	"jobs" integer DEFAULT 0 NOT NULL,
	"flex_jobs" integer DEFAULT 0 NOT NULL,
	"sroi" double precision,
	"criteria" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "park_enterprises_counts_check" CHECK ("park_enterprises"."jobs" >= 0 and "park_enterprises"."flex_jobs" >= 0)
);
--> statement-breakpoint
CREATE TABLE "park_rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"capacity" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "park_rooms_capacity_check" CHECK ("park_rooms"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "impact_figures" (
	"snapshot_id" uuid NOT NULL,
	"municipality_code" text NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "impact_figures_snapshot_id_municipality_code_metric_pk" PRIMARY KEY("snapshot_id","municipality_code","metric")
);
--> statement-breakpoint
CREATE TABLE "impact_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"taken_on" date NOT NULL,
	"source" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "advice_attachments" ADD CONSTRAINT "advice_attachments_request_id_advice_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."advice_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_messages" ADD CONSTRAINT "advice_messages_request_id_advice_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."advice_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_messages" ADD CONSTRAINT "advice_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_group_id_adviser_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."adviser_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_routing_rules" ADD CONSTRAINT "advice_routing_rules_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_routing_rules" ADD CONSTRAINT "advice_routing_rules_group_id_adviser_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."adviser_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adviser_group_members" ADD CONSTRAINT "adviser_group_members_group_id_adviser_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."adviser_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adviser_group_members" ADD CONSTRAINT "adviser_group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "park_bookings" ADD CONSTRAINT "park_bookings_room_id_park_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."park_rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "park_bookings" ADD CONSTRAINT "park_bookings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "park_bookings" ADD CONSTRAINT "park_bookings_booked_by_users_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "park_dialogue" ADD CONSTRAINT "park_dialogue_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "park_dialogue" ADD CONSTRAINT "park_dialogue_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "park_enterprises" ADD CONSTRAINT "park_enterprises_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "park_enterprises" ADD CONSTRAINT "park_enterprises_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_figures" ADD CONSTRAINT "impact_figures_snapshot_id_impact_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."impact_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_figures" ADD CONSTRAINT "impact_figures_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_snapshots" ADD CONSTRAINT "impact_snapshots_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advice_attachments_request_idx" ON "advice_attachments" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "advice_messages_request_idx" ON "advice_messages" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "advice_requests_group_idx" ON "advice_requests" USING btree ("group_id","status");--> statement-breakpoint
CREATE INDEX "advice_requests_requester_idx" ON "advice_requests" USING btree ("requester_id","created_at");--> statement-breakpoint
CREATE INDEX "advice_requests_due_idx" ON "advice_requests" USING btree ("status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "advice_routing_rules_key" ON "advice_routing_rules" USING btree (coalesce("topic", ''),coalesce("municipality_code", ''));--> statement-breakpoint
CREATE INDEX "adviser_group_members_user_idx" ON "adviser_group_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "adviser_groups_name_key" ON "adviser_groups" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "park_bookings_room_idx" ON "park_bookings" USING btree ("room_id","starts_at");--> statement-breakpoint
CREATE INDEX "park_dialogue_org_idx" ON "park_dialogue" USING btree ("organisation_id","occurred_on");--> statement-breakpoint
CREATE INDEX "park_enterprises_stage_idx" ON "park_enterprises" USING btree ("stage");--> statement-breakpoint
CREATE UNIQUE INDEX "park_rooms_slug_key" ON "park_rooms" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "impact_snapshots_taken_on_idx" ON "impact_snapshots" USING btree ("taken_on");