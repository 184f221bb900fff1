// getPipelineStatus(db) for the admin UI (issue 6): scoring backlog and lag for the active model
// version, job queue depth per job, failed (parked) jobs with their errors, workers alive, and
// training in progress. Every query is bounded by an index range; none reads all events.
import type { TPrisma } from "@/lib/server/db/client";
import { SHARDS } from "@/lib/server/scoring/checkpoint";

/** A worker counts as alive while its heartbeat (every 15 s) is under a minute old. */
const WORKER_STALE_MS = 60_000;
const FAILED_SHOWN = 20;

export interface PipelineStatus {
  modelVersionId: number | null;
  /** Unscored events (not the detector's own) for the active version; all events while none is active. */
  backlog: number;
  /** Age of the oldest unscored event's ingested_at, in seconds (0 when none). */
  lagSeconds: number;
  queues: { name: string; queued: number; active: number; retrying: number; failed: number }[];
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

async function jobTables(db: TPrisma): Promise<Pick<PipelineStatus, "queues" | "failedJobs">> {
  try {
    const counts = await db.$queryRaw<{ name: string; state: string; n: number }[]>`
      SELECT name, state::text, count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY 1, 2`;
    const names = [...new Set(counts.map((c) => c.name))].sort();
    const n = (name: string, state: string) => counts.find((c) => c.name === name && c.state === state)?.n ?? 0;
    const failed = await db.$queryRaw<{ id: string; name: string; output: unknown; completed_on: Date | null; data: unknown }[]>`
      SELECT id::text, name, output, completed_on, data FROM pgboss.job WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT ${FAILED_SHOWN}`;
    return {
      queues: names.map((name) => ({ name, queued: n(name, "created"), active: n(name, "active"), retrying: n(name, "retry"), failed: n(name, "failed") })),
      failedJobs: failed.map((f) => ({ id: f.id, name: f.name, data: f.data, failedAt: f.completed_on?.toISOString() ?? null, error: errorText(f.output) })),
    };
  } catch {
    return { queues: [], failedJobs: [] }; // no worker has started yet: the pgboss schema does not exist
  }
}

function errorText(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null;
  return String(o?.message ?? o?.value?.message ?? JSON.stringify(output ?? null)).slice(0, 2000);
}

export async function getPipelineStatus(db: TPrisma): Promise<PipelineStatus> {
  const active = await db.modelVersion.findFirst({ where: { status: "active" }, orderBy: [{ promotedAt: "desc" }, { id: "desc" }], select: { id: true } });
  let backlog = 0;
  let lagSeconds = 0;
  if (active) {
    const floor = await checkpointFloor(db, active.id);
    const [counts] = await db.$queryRaw<{ events: bigint; scored: bigint }[]>`
      SELECT (SELECT count(*) FROM events WHERE id > ${floor} AND NOT is_own) AS events,
             (SELECT count(DISTINCT event_id) FROM scores WHERE event_id > ${floor}) AS scored`;
    backlog = Math.max(0, Number(counts.events - counts.scored));
    const [oldest] = await db.$queryRaw<{ age: number | null }[]>`
      SELECT extract(epoch FROM now() - e.ingested_at)::float8 AS age FROM events e
       WHERE e.id > ${floor} AND NOT e.is_own AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.event_id = e.id)
       ORDER BY e.id LIMIT 1`;
    lagSeconds = Math.max(0, oldest?.age ?? 0);
  } else {
    backlog = await db.event.count({ where: { isOwn: false } });
  }
  const [jobs, heartbeats, training] = await Promise.all([
    jobTables(db),
    db.setting.findMany({ where: { key: { startsWith: "worker:" } }, select: { key: true, value: true, updatedAt: true } }),
    db.modelVersion.findMany({ where: { status: "training" }, select: { id: true, version: true, metrics: true }, orderBy: { id: "desc" }, take: 5 }),
  ]);
  const now = Date.now();
  const workers = heartbeats.map((h) => ({ id: h.key.slice("worker:".length), at: h.updatedAt.toISOString(), isAlive: now - h.updatedAt.getTime() < WORKER_STALE_MS, stats: (h.value as { stats?: unknown }).stats ?? null }));
  return { modelVersionId: active?.id ?? null, backlog, lagSeconds, ...jobs, workers, workersAlive: workers.filter((w) => w.isAlive).length, training };
}
