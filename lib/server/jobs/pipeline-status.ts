// getPipelineStatus(db) for the admin UI (issue 6): scoring backlog and lag for the active model
// version, job queue depth per job, the recent job history, failed (parked) jobs with their
// errors, workers alive, and training in progress. Every query is bounded by an index range; none
// reads all events. A finished job leaves the queue counts at once: pg-boss keeps it in
// pgboss.job as "completed" for 12 h, then moves it to pgboss.archive (issue 17: "No jobs yet"
// after jobs had run), so the history reads both.
import type { TPrisma } from "@/lib/server/db/client";
import { SHARDS } from "@/lib/server/scoring/checkpoint";

/** A worker counts as alive while its heartbeat (every 15 s) is under a minute old. */
const WORKER_STALE_MS = 60_000;
const FAILED_SHOWN = 20;
const HISTORY_SHOWN = 20;

export interface PipelineStatus {
  modelVersionId: number | null;
  /** Unscored events (not the detector's own) for the active version; all events while none is active. */
  backlog: number;
  /** Age of the oldest of those `backlog` events, by when it was received (ingested_at), in seconds (0 when none). */
  lagSeconds: number;
  /** Every queue the worker created, with its jobs finished in the last 24 h and the latest finish. */
  queues: { name: string; queued: number; active: number; retrying: number; failed: number; completedDay: number; lastCompletedAt: string | null }[];
  recentJobs: { id: string; name: string; state: string; startedAt: string | null; finishedAt: string | null }[];
  failedJobs: { id: string; name: string; error: string; failedAt: string | null; data: unknown }[];
  workers: { id: string; at: string; isAlive: boolean; stats: unknown }[];
  workersAlive: number;
  training: { id: number; version: number; metrics: unknown }[];
}

async function checkpointFloor(db: TPrisma, versionId: number): Promise<bigint> {
  const rows = await db.setting.findMany({ where: { key: { startsWith: `scoring:v${versionId}:shard:` } }, select: { value: true } });
  // A shard without a checkpoint has not started: everything from id 0 may be unscored.
  if (rows.length < SHARDS) return 0n;
  return rows.reduce((min, r) => {
    const id = BigInt((r.value as { eventId?: string }).eventId ?? "0");
    return id < min ? id : min;
  }, BigInt(Number.MAX_SAFE_INTEGER) * 1000n);
}

async function jobTables(db: TPrisma): Promise<Pick<PipelineStatus, "queues" | "failedJobs" | "recentJobs">> {
  try {
    const counts = await db.$queryRaw<{ name: string; state: string; n: number }[]>`
      SELECT name, state::text, count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY 1, 2`;
    const finished = await db.$queryRaw<{ name: string; n: number; last: Date | null }[]>`
      SELECT name, count(*) FILTER (WHERE completed_on > now() - interval '1 day')::int AS n, max(completed_on) AS last FROM (
        SELECT name, completed_on FROM pgboss.job WHERE state = 'completed'
        UNION ALL
        SELECT name, completed_on FROM pgboss.archive WHERE state = 'completed' AND archived_on > now() - interval '7 days'
      ) f GROUP BY 1`;
    const queueNames = await db.$queryRaw<{ name: string }[]>`SELECT name FROM pgboss.queue`;
    const names = [...new Set([...queueNames, ...counts].map((c) => c.name))].sort();
    const n = (name: string, state: string) => counts.find((c) => c.name === name && c.state === state)?.n ?? 0;
    const done = new Map(finished.map((f) => [f.name, f]));
    const failed = await db.$queryRaw<{ id: string; name: string; output: unknown; completed_on: Date | null; data: unknown }[]>`
      SELECT id::text, name, output, completed_on, data FROM pgboss.job WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT ${FAILED_SHOWN}`;
    const recent = await db.$queryRaw<{ id: string; name: string; state: string; started_on: Date | null; completed_on: Date | null }[]>`
      SELECT id, name, state, started_on, completed_on FROM (
        (SELECT id::text, name, state::text, started_on, completed_on FROM pgboss.job WHERE state IN ('completed', 'failed', 'active') ORDER BY coalesce(completed_on, started_on) DESC LIMIT ${HISTORY_SHOWN})
        UNION ALL
        (SELECT id::text, name, state::text, started_on, completed_on FROM pgboss.archive ORDER BY archived_on DESC LIMIT ${HISTORY_SHOWN})
      ) j ORDER BY coalesce(completed_on, started_on) DESC NULLS LAST LIMIT ${HISTORY_SHOWN}`;
    return {
      queues: names.map((name) => ({
        name, queued: n(name, "created"), active: n(name, "active"), retrying: n(name, "retry"), failed: n(name, "failed"),
        completedDay: done.get(name)?.n ?? 0, lastCompletedAt: done.get(name)?.last?.toISOString() ?? null,
      })),
      failedJobs: failed.map((f) => ({ id: f.id, name: f.name, data: f.data, failedAt: f.completed_on?.toISOString() ?? null, error: errorText(f.output) })),
      recentJobs: recent.map((r) => ({ id: r.id, name: r.name, state: r.state, startedAt: r.started_on?.toISOString() ?? null, finishedAt: r.completed_on?.toISOString() ?? null })),
    };
  } catch {
    return { queues: [], failedJobs: [], recentJobs: [] }; // no worker has started yet: the pgboss schema does not exist
  }
}

function errorText(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null;
  return String(o?.message ?? o?.value?.message ?? JSON.stringify(output ?? null)).slice(0, 2000);
}

/**
 * What waits to be scored and for how long. With an active version: the events above its shards'
 * lowest checkpoint it has not scored. With none (the first model is training): every event, and
 * the lag is the age of the oldest one received, so the two figures never disagree (issue 17:
 * "Scoring lag 0 s" beside "243,836 events waiting").
 */
export async function getScoringBacklog(db: TPrisma, activeId: number | null): Promise<{ backlog: number; lagSeconds: number }> {
  if (activeId === null) {
    const [all] = await db.$queryRaw<{ events: bigint; age: number | null }[]>`
      SELECT count(*) AS events, extract(epoch FROM now() - min(ingested_at))::float8 AS age FROM events WHERE NOT is_own`;
    return { backlog: Number(all.events), lagSeconds: Math.max(0, all.age ?? 0) };
  }
  const floor = await checkpointFloor(db, activeId);
  const [counts] = await db.$queryRaw<{ events: bigint; scored: bigint }[]>`
    SELECT (SELECT count(*) FROM events WHERE id > ${floor} AND NOT is_own) AS events,
           (SELECT count(*) FROM scores WHERE event_id > ${floor} AND model_version_id = ${activeId}) AS scored`;
  const backlog = Math.max(0, Number(counts.events - counts.scored));
  if (backlog === 0) return { backlog, lagSeconds: 0 };
  // Ids follow arrival, so the first unscored id is the oldest received; min() over a few keeps it honest across shards.
  const [oldest] = await db.$queryRaw<{ age: number | null }[]>`
    SELECT extract(epoch FROM now() - min(ingested_at))::float8 AS age FROM (
      SELECT e.ingested_at FROM events e
       WHERE e.id > ${floor} AND NOT e.is_own AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.event_id = e.id AND s.model_version_id = ${activeId})
       ORDER BY e.id LIMIT ${SHARDS * 8}) x`;
  return { backlog, lagSeconds: Math.max(0, oldest?.age ?? 0) };
}

export async function getPipelineStatus(db: TPrisma): Promise<PipelineStatus> {
  const active = await db.modelVersion.findFirst({ where: { status: "active" }, orderBy: [{ promotedAt: "desc" }, { id: "desc" }], select: { id: true } });
  const { backlog, lagSeconds } = await getScoringBacklog(db, active?.id ?? null);
  const [jobs, heartbeats, training] = await Promise.all([
    jobTables(db),
    db.setting.findMany({ where: { key: { startsWith: "worker:" } }, select: { key: true, value: true, updatedAt: true } }),
    db.modelVersion.findMany({ where: { status: "training" }, select: { id: true, version: true, metrics: true }, orderBy: { id: "desc" }, take: 5 }),
  ]);
  const now = Date.now();
  const workers = heartbeats.map((h) => ({ id: h.key.slice("worker:".length), at: h.updatedAt.toISOString(), isAlive: now - h.updatedAt.getTime() < WORKER_STALE_MS, stats: (h.value as { stats?: unknown }).stats ?? null }));
  return { modelVersionId: active?.id ?? null, backlog, lagSeconds, ...jobs, workers, workersAlive: workers.filter((w) => w.isAlive).length, training };
}
