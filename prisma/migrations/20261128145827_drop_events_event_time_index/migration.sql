-- DropIndex
DROP INDEX "events_event_time_idx";
