// model_versions rows: a row per training run (status training → active | shadow | failed),
// progress in `metrics` while it trains, promotion in one transaction that retires the old version.
// Where the new version starts scoring is model-cache.ts's business (inheritScoringPosition).
import type pg from "pg";
import { SYSTEM_ACTOR, writeAuditSql } from "@/lib/server/dal/audit";
import { inTransaction } from "@/lib/server/db/transaction";
import type { ModelVersion } from "@/ml/model/version";
import { saveModelVersion } from "@/ml/registry-io";
import type { Comparison } from "@/ml/update";

export async function createTrainingRow(db: pg.Pool, architecture: string, config: object): Promise<number> {
  // The version number comes from max+1 under a lock on the table's rows so two runs never collide.
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO model_versions (version, status, architecture, config, metrics)
     SELECT COALESCE(max(version), 0) + 1, 'training', $1, $2, $3 FROM model_versions RETURNING id`,
    [architecture, JSON.stringify(config), JSON.stringify({ progress: 0, at: new Date().toISOString() })],
  );
  return rows[0].id;
}

export async function reportProgress(db: pg.Pool, id: number, progress: object): Promise<void> {
  // `at` lets the scheduler tell a live training run from one whose worker died.
  await db.query(`UPDATE model_versions SET metrics = $2 WHERE id = $1 AND status = 'training'`, [id, JSON.stringify({ ...progress, at: new Date().toISOString() })]);
}

export async function failTraining(db: pg.Pool, id: number, error: string): Promise<void> {
  await inTransaction(db, async (client) => {
    const { rows } = await client.query<{ version: number }>(`UPDATE model_versions SET status = 'failed', error = $2 WHERE id = $1 RETURNING version`, [id, error.slice(0, 2000)]);
    await writeAuditSql(client, SYSTEM_ACTOR, { action: "model.train_fail", targetType: "model_version", targetId: id, details: { version: rows[0]?.version ?? null, error: error.slice(0, 500) } });
  });
}

/**
 * The threshold and what it rests on, for the Models page: how many out-of-sample scores, and
 * whether the budget's quantile was observed among them or extrapolated from a fitted tail.
 */
export function thresholdBasisOf(v: ModelVersion): Record<string, number | string | boolean | null> {
  const c = v.calibration;
  if (!c) return { threshold: null };
  return {
    threshold: c.threshold, thresholdBasis: c.method ?? (c.isExtrapolated ? "tail-fit" : "quantile"), calibrationEvents: c.heldOutEvents, thresholdExtrapolated: c.isExtrapolated,
    // Principals' writes scored on their own scale (ml/population.ts).
    ownScalePopulations: Object.keys(v.populations?.shifts ?? {}).length,
    // Sessions at the principals' known addresses: their own threshold, observed on their scores (ml/calibrate.ts).
    familiarThreshold: c.familiarThreshold !== undefined && c.familiarThreshold > c.threshold ? c.familiarThreshold : null,
    familiarEvents: c.familiarEvents ?? null,
    familiarBudgetPerMillion: c.familiarBudgetPerMillion ?? null,
    familiarExtrapolated: c.familiarIsExtrapolated ?? null,
  };
}

/**
 * Stores the trained version; `promote` makes it active (retiring the previous one), else shadow.
 * The worker's audit rows (actor "system") go in the same transaction: "model.train", and
 * "model.promote" when it replaced the active version on its own.
 */
export async function finishTraining(db: pg.Pool, id: number, v: ModelVersion, opts: { promote: boolean; comparison: Comparison | null }): Promise<void> {
  const saved = await saveModelVersion(v);
  await inTransaction(db, async (client) => {
    const version = await storeTrained(client, id, v, saved, opts);
    const status = opts.promote ? "active" : "shadow";
    await writeAuditSql(client, SYSTEM_ACTOR, { action: "model.train", targetType: "model_version", targetId: id, details: { version, status, trainEvents: v.trainingRange?.events ?? 0, backend: v.backend } });
    if (!opts.promote) return;
    const retired = await client.query<{ version: number }>(`UPDATE model_versions SET status = 'retired' WHERE status = 'active' AND id <> $1 RETURNING version`, [id]);
    await writeAuditSql(client, SYSTEM_ACTOR, {
      action: "model.promote", targetType: "model_version", targetId: id,
      details: { version, previous: retired.rows.map((r) => r.version), automatic: true, reason: opts.comparison?.reason ?? "first model" },
    });
  });
}

async function storeTrained(client: pg.PoolClient, id: number, v: ModelVersion, saved: Awaited<ReturnType<typeof saveModelVersion>>, opts: { promote: boolean; comparison: Comparison | null }): Promise<number> {
  const { rows } = await client.query<{ version: number }>(
    `UPDATE model_versions SET status = $2::"ModelStatus", backend = $3, metrics = $4, comparison = $5, metadata = $6, weights = $7,
            train_from = $8, train_to = $9, train_events = $10, promoted_at = CASE WHEN $2::text = 'active' THEN now() END
      WHERE id = $1 RETURNING version`,
    [id, opts.promote ? "active" : "shadow", v.backend, JSON.stringify({ ...v.metrics, ...thresholdBasisOf(v) }),
      opts.comparison ? JSON.stringify(opts.comparison) : null, JSON.stringify(saved.metadata), Buffer.from(saved.weights),
      v.trainingRange?.from ?? null, v.trainingRange?.to ?? null, v.trainingRange?.events ?? 0],
  );
  return rows[0].version;
}

/**
 * Stores a cross-fitting fold model (ml/cross-fit.ts) as a retired version: never active, loaded
 * only beside the version whose training events it scores. Returns its id. No audit row of its
 * own: it is part of its parent's training, which has one.
 */
export async function storeFoldModel(db: pg.Pool, v: ModelVersion): Promise<number> {
  const id = await createTrainingRow(db, v.config.encoder, v.config);
  const fold = { ...v, metrics: { ...v.metrics, crossFitFold: 1 } };
  const saved = await saveModelVersion(fold);
  await inTransaction(db, async (client) => {
    await storeTrained(client, id, fold, saved, { promote: false, comparison: null });
    await client.query(`UPDATE model_versions SET status = 'retired' WHERE id = $1`, [id]);
  });
  return id;
}
