-- CreateIndex
CREATE INDEX "alerts_created_at_id_idx" ON "alerts"("created_at", "id");

-- CreateIndex
CREATE INDEX "alerts_score_id_idx" ON "alerts"("score", "id");

-- CreateIndex
CREATE INDEX "alerts_last_event_at_id_idx" ON "alerts"("last_event_at", "id");

-- CreateIndex
CREATE INDEX "events_event_time_provider_account_id_idx" ON "events"("event_time", "provider", "account_id");
