ALTER TABLE "cases" ADD COLUMN "facet_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_facet_keys_idx" ON "cases" USING gin ("facet_keys");