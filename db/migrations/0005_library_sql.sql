-- Custom SQL migration file, put your code below! --
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('danish'::regconfig, coalesce("title", '')), 'A') ||
	setweight(to_tsvector('danish'::regconfig, coalesce("summary", '')), 'B') ||
	setweight(to_tsvector('danish'::regconfig, coalesce("search_terms", '')), 'B') ||
	setweight(to_tsvector('danish'::regconfig, coalesce("body_text", '')), 'C')
) STORED;
--> statement-breakpoint
CREATE INDEX "cases_search_idx" ON "cases" USING gin ("search");
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "names" text GENERATED ALWAYS AS (lower("title" || ' ' || "search_terms")) STORED;
--> statement-breakpoint
CREATE INDEX "cases_names_trgm_idx" ON "cases" USING gin ("names" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "cases_public_published_idx" ON "cases" ("published_at" DESC) WHERE "status" = 'published';
