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

-- 0009_library_facets_sql
-- Facet keys: one array per entry, kept here so every writer (app, seeds, imports) keeps it right.
CREATE OR REPLACE FUNCTION case_facet_keys(cid uuid, ckind text, cyear integer) RETURNS text[]
LANGUAGE sql STABLE AS $$
	select array(
		select distinct k from (
			select 'kind:' || ckind as k
			union all select 'year:' || cyear where cyear is not null
			union all select 'municipality:' || cm.municipality_code from case_municipalities cm where cm.case_id = cid
			union all select 'region:' || mu.region_code from case_municipalities cm join municipalities mu on mu.code = cm.municipality_code where cm.case_id = cid
			union all select case t.vocabulary when 'theme' then 'theme:' else 'target:' end || t.slug from case_terms ct join library_terms t on t.id = ct.term_id where ct.case_id = cid
			union all select 'partner_kind:' || o.kind from case_partners cp join organisations o on o.id = cp.organisation_id where cp.case_id = cid
		) keys order by k)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cases_set_facet_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.facet_keys := case_facet_keys(NEW.id, NEW.kind, NEW.year);
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER cases_facet_keys_trg BEFORE INSERT OR UPDATE OF kind, year ON cases
	FOR EACH ROW EXECUTE FUNCTION cases_set_facet_keys();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION case_children_new_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE cases c SET facet_keys = case_facet_keys(c.id, c.kind, c.year)
		WHERE c.id IN (SELECT DISTINCT n.case_id FROM new_rows n);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION case_children_old_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE cases c SET facet_keys = case_facet_keys(c.id, c.kind, c.year)
		WHERE c.id IN (SELECT DISTINCT o.case_id FROM old_rows o);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER case_municipalities_facets_ins AFTER INSERT ON case_municipalities
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_children_new_facets();
--> statement-breakpoint
CREATE TRIGGER case_municipalities_facets_del AFTER DELETE ON case_municipalities
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_children_old_facets();
--> statement-breakpoint
CREATE TRIGGER case_terms_facets_ins AFTER INSERT ON case_terms
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_children_new_facets();
--> statement-breakpoint
CREATE TRIGGER case_terms_facets_del AFTER DELETE ON case_terms
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_children_old_facets();
--> statement-breakpoint
CREATE TRIGGER case_partners_facets_ins AFTER INSERT ON case_partners
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_children_new_facets();
--> statement-breakpoint
CREATE TRIGGER case_partners_facets_del AFTER DELETE ON case_partners
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_children_old_facets();
--> statement-breakpoint
-- Ranking reads this small vector (title, summary, terms and partners) so it never detoasts bodies;
-- the full `search` vector stays the GIN-indexed filter.
ALTER TABLE "cases" ADD COLUMN "search_head" tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('danish'::regconfig, coalesce("title", '')), 'A') ||
	setweight(to_tsvector('danish'::regconfig, coalesce("summary", '')), 'B') ||
	setweight(to_tsvector('danish'::regconfig, coalesce("search_terms", '')), 'B')
) STORED;
--> statement-breakpoint
UPDATE cases SET facet_keys = case_facet_keys(id, kind, year);

-- 0010_library_browse_index: browse order (newest published first)
CREATE INDEX IF NOT EXISTS "cases_browse_idx" ON "cases" ("published_at" DESC NULLS LAST, "id") WHERE "status" = 'published';
