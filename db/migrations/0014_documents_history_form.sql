-- Documents stored so far may hold deleted text in their snapshot, log and versions: form 1, rewritten on first load. New ones start in form 2.
ALTER TABLE "documents" ADD COLUMN "history_form" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "history_form" SET DEFAULT 2;
