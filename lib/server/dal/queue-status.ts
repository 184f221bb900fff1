import "server-only";
// The jobs screen's numbers read straight from pg-boss's tables (queue depth, failures, lag) plus
// the workers' heartbeats in settings. Read-only; a database where pg-boss has not started yet
// answers "not initialised" instead of failing.
import type { TPrisma } from "@/lib/server/db/client";

export interface QueueRow {
  name: string;
  queued: number;
  active: number;
  failed24h: number;
  completed24h: number;
  lagSeconds: number | null;
  lastError: string | null;
}

export async function getQueueStatus(db: TPrisma) {
  const workers = await db.setting.findMany({ where: { key: { startsWith: "worker:" } }, select: { key: true, updatedAt: true } });
  const [{ exists }] = await db.$queryRaw<Array<{ exists: boolean }>>`SELECT to_regclass('pgboss.job') IS NOT NULL AS exists`;
  const heartbeats = workers.map((w) => ({ id: w.key.slice("worker:".length), lastBeatAt: w.updatedAt }));
  if (!exists) return { initialised: false, queues: [] as QueueRow[], workers: heartbeats };
  const queues = await db.$queryRaw<QueueRow[]>`
    SELECT name,
      count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued,
      count(*) FILTER (WHERE state = 'active')::int AS active,
      count(*) FILTER (WHERE state = 'failed' AND completed_on > now() - interval '24 hours')::int AS failed24h,
      count(*) FILTER (WHERE state = 'completed' AND completed_on > now() - interval '24 hours')::int AS completed24h,
      EXTRACT(EPOCH FROM now() - min(start_after) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS "lagSeconds",
      (array_agg(left(output::text, 500) ORDER BY completed_on DESC) FILTER (WHERE state = 'failed'))[1] AS "lastError"
    FROM pgboss.job GROUP BY name ORDER BY name`;
  return { initialised: true, queues, workers: heartbeats };
}
