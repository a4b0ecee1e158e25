-- Browse order of the library (newest published first): the pages order by
-- published_at desc nulls last, id; this index lets them stop after one page.
CREATE INDEX IF NOT EXISTS "cases_browse_idx" ON "cases" ("published_at" DESC NULLS LAST, "id") WHERE "status" = 'published';
