// Scheduled work, enqueued by every worker every tick with a deterministic id per slot, so the
// slots are idempotent: polls per account interval (default 5 min; never polled = backfill;
// connected accounts only, file imports and the demo have nothing to poll), retention hourly,
// retraining daily, and the first model as soon as there is enough data.
import type PgBoss from "pg-boss";
import type pg from "pg";
import { hasEnoughForFirstModel } from "@/lib/server/scoring/training-data";
import { enqueueJob, slotJobId } from "./boss";

const DEFAULT_POLL_MINUTES = 5;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function pollMinutesOf(config: unknown): number {
  const v = (config as { pollIntervalMinutes?: unknown } | null)?.pollIntervalMinutes;
  return typeof v === "number" && v >= 1 && v <= 1440 ? v : DEFAULT_POLL_MINUTES;
}

export async function scheduleDueJobs(boss: PgBoss, pool: pg.Pool, now = Date.now()): Promise<void> {
  const { rows: accounts } = await pool.query<{ id: string; config: unknown; last_polled_at: Date | null }>(
    `SELECT id, config, last_polled_at FROM cloud_accounts WHERE enabled AND status <> 'disabled' AND NOT is_demo
       AND COALESCE(config->>'source', '') <> 'file'`,
  );
  for (const a of accounts) {
    const minutes = pollMinutesOf(a.config);
    const slot = Math.floor(now / (minutes * 60_000));
    await enqueueJob(boss, "poll-account", { accountId: a.id, isBackfill: a.last_polled_at === null }, { id: slotJobId(`poll:${a.id}:${minutes}:${slot}`) });
  }
  await enqueueJob(boss, "retention", {}, { id: slotJobId(`retention:${Math.floor(now / HOUR_MS)}`) });
  // A training run whose worker died leaves its row in "training": fail it once its progress stops.
  await pool.query(
    `UPDATE model_versions SET status = 'failed', error = 'training stopped reporting progress (its worker exited?)'
      WHERE status = 'training' AND COALESCE((metrics->>'at')::timestamptz, created_at) < now() - interval '30 minutes'`,
  );
  const { rows } = await pool.query<{ active: number; stale: number; training: number }>(
    // A version promoted in the last 20 hours is fresh enough: the daily slot skips it.
    `SELECT count(*) FILTER (WHERE status = 'active')::int AS active,
            count(*) FILTER (WHERE status = 'active' AND promoted_at < now() - interval '20 hours')::int AS stale,
            count(*) FILTER (WHERE status = 'training')::int AS training FROM model_versions`,
  );
  if (rows[0].stale > 0) {
    await enqueueJob(boss, "retrain", { reason: "schedule" }, { id: slotJobId(`retrain:${Math.floor(now / DAY_MS)}`) });
  } else if (rows[0].active === 0 && rows[0].training === 0 && (await hasEnoughForFirstModel(pool))) {
    await enqueueJob(boss, "retrain", { reason: "first-model" }, { id: slotJobId(`retrain:first:${Math.floor(now / HOUR_MS)}`) });
  }
}
