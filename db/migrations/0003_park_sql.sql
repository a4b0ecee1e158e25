-- Custom SQL migration file, put your code below! --
-- Room bookings may not overlap (per room, among bookings that are not cancelled).
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "park_bookings" ADD CONSTRAINT "park_bookings_no_overlap" EXCLUDE USING gist ("room_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("cancelled_at" IS NULL);
