import "server-only";
// Model versions for the admin screen (manage:models): list with metrics, promote, roll back, and
// "retrain now", which enqueues the worker's retrain job through pg-boss.
import PgBoss from "pg-boss";
import type { TPrisma } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { isCrossFitFold } from "@/lib/shared/model-metrics";
import { writeAudit, type AuditActor } from "./audit";

/** Weights and metadata stay out: they are megabytes and the screen shows none of them. */
const VERSION_SELECT = {
  id: true, version: true, status: true, architecture: true, backend: true, metrics: true, comparison: true,
  trainFrom: true, trainTo: true, trainEvents: true, error: true, createdAt: true, promotedAt: true,
} as const;

/**
 * Each version with, for a cross-fitting fold model, the version it belongs to (`foldOf`): the fold
 * is stored as a retired version (model-store.ts storeFoldModel) and only its parent's metadata
 * names it, so the screen would otherwise offer it as an earlier model to promote.
 */
export async function listModelVersions(db: TPrisma) {
  const [rows, parents] = await Promise.all([
    db.modelVersion.findMany({ orderBy: { version: "desc" }, take: 100, select: VERSION_SELECT }),
    db.$queryRaw<Array<{ version: number; sibling: number }>>`
      SELECT version, (metadata->'crossFit'->>'siblingVersionId')::int AS sibling FROM model_versions
       WHERE metadata->'crossFit'->>'siblingVersionId' IS NOT NULL`,
  ]);
  const parentOf = new Map(parents.map((p) => [p.sibling, p.version]));
  return rows.map((r) => ({ ...r, foldOf: isCrossFitFold(r.metrics) ? (parentOf.get(r.id) ?? null) : null }));
}

const PROMOTABLE = new Set(["candidate", "shadow", "retired"]);

/** Makes the version active; the previously active one is retired. One transaction with its audit row. */
export async function promoteModelVersion(db: TPrisma, actor: AuditActor, id: number, auditAction = "model.promote") {
  return db.$transaction(async (tx) => {
    const target = await tx.modelVersion.findUnique({ where: { id }, select: { id: true, version: true, status: true, metrics: true } });
    if (!target) throw new AppError("not_found", "No such model version");
    if (isCrossFitFold(target.metrics)) throw new AppError("conflict", "A cross-fit fold model scores only its half of the backfill; it cannot be promoted");
    if (!PROMOTABLE.has(target.status)) throw new AppError("conflict", `A ${target.status} version cannot be promoted`);
    const previous = await tx.modelVersion.findMany({ where: { status: "active" }, select: { id: true, version: true } });
    await tx.modelVersion.updateMany({ where: { status: "active" }, data: { status: "retired" } });
    const row = await tx.modelVersion.update({ where: { id }, data: { status: "active", promotedAt: new Date() }, select: VERSION_SELECT });
    await writeAudit(tx, actor, { action: auditAction, targetType: "model_version", targetId: id, details: { version: target.version, previous: previous.map((p) => p.version) } });
    return row;
  });
}

/**
 * Goes back to the version that was active before the current one (the latest promoted, retired
 * one). A cross-fit fold only scores its half of the backfill beside its parent, never on its own:
 * skipped even if it was promoted before promotion refused folds.
 */
export async function rollbackModel(db: TPrisma, actor: AuditActor) {
  const current = await db.modelVersion.findFirst({ where: { status: "active" }, select: { id: true } });
  const earlier = await db.modelVersion.findMany({
    where: { status: "retired", promotedAt: { not: null }, ...(current ? { id: { not: current.id } } : {}) },
    orderBy: { promotedAt: "desc" },
    take: 20,
    select: { id: true, metrics: true },
  });
  const previous = earlier.find((v) => !isCrossFitFold(v.metrics));
  if (!previous) throw new AppError("conflict", "There is no earlier version to roll back to");
  return promoteModelVersion(db, actor, previous.id, "model.rollback");
}

/** The worker's job name and payload (lib/server/jobs/registry.ts, which re-validates it when dequeued). */
export const RETRAIN_JOB = "retrain";
const MANUAL_RETRAIN = { reason: "manual" } as const;

/**
 * Enqueues a manual retrain for the worker. The registry is not imported here: its lazy handlers
 * would pull TensorFlow.js into the web bundle. The queue must already exist with the worker's
 * settings (the worker creates it on start), so this never creates it with the wrong policy. pg-boss
 * owns its connection, so the job and the audit row cannot share a transaction: the audit row is
 * written once the job is safely queued. The queue is "stately": a retrain already waiting makes
 * this a no-op (null job id), which the screen reports.
 */
export async function enqueueRetrain(db: TPrisma, actor: AuditActor, databaseUrl: string): Promise<string | null> {
  const boss = new PgBoss({ connectionString: databaseUrl, supervise: false, schedule: false, max: 2, application_name: "trailwatch-web" });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    if (!(await boss.getQueue(RETRAIN_JOB))) throw new AppError("conflict", "The worker has not started yet (it creates the job queues); start it, then retry");
    const jobId = await boss.send(RETRAIN_JOB, MANUAL_RETRAIN);
    await writeAudit(db, actor, { action: "model.retrain", targetType: "job", targetId: jobId, details: { queued: jobId !== null } });
    return jobId;
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true });
  }
}
