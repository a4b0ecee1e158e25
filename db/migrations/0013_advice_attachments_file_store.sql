ALTER TABLE "advice_attachments" ALTER COLUMN "data" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "advice_attachments" ADD COLUMN "storage_key" text;