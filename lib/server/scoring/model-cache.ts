// The active model version, loaded once per worker and reloaded when another version is promoted.
import type pg from "pg";
import { inTransaction } from "@/lib/server/db/transaction";
import type { Logger } from "@/lib/server/log";
import { initBackend } from "@/ml/backend";
import { loadModelVersion, type ModelMetadata } from "@/ml/registry-io";
import type { ModelVersion } from "@/ml/model/version";
import type { CrossFitRoute } from "@/ml/cross-fit-route";

export interface ActiveModel {
  /** model_versions.id */
  id: number;
  version: ModelVersion;
  threshold: number;
  /** A cross-fitted first version: its fold model scores the events it trained on (ml/cross-fit.ts). */
  crossFit?: CrossFitRoute;
}

let cached: ActiveModel | null = null;

export async function getActiveModelId(db: pg.Pool | pg.PoolClient): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM model_versions WHERE status = 'active' ORDER BY promoted_at DESC NULLS LAST, id DESC LIMIT 1`);
  return rows[0]?.id ?? null;
}

export async function loadVersionRow(db: pg.Pool | pg.PoolClient, id: number): Promise<ModelVersion> {
  const { rows } = await db.query<{ metadata: ModelMetadata; weights: Buffer | null }>(`SELECT metadata, weights FROM model_versions WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row?.weights) throw new Error(`model version ${id} has no weights`);
  await initBackend({ log: () => undefined });
  return loadModelVersion({ metadata: row.metadata, weights: new Uint8Array(row.weights) });
}

/** Null when no version is active yet (the first one trains once there is enough data). */
export async function getActiveModel(db: pg.Pool, log?: Logger): Promise<ActiveModel | null> {
  const id = await getActiveModelId(db);
  if (id === null) return null;
  if (cached?.id === id) return cached;
  await inheritScoringPosition(db, id);
  const version = await loadVersionRow(db, id);
  const siblingId = version.crossFit?.siblingVersionId;
  const sibling = siblingId === undefined ? null : await loadVersionRow(db, siblingId);
  cached?.version.model.dispose();
  cached?.crossFit?.version.model.dispose();
  cached = { id, version, threshold: version.calibration?.threshold ?? Infinity, ...(sibling && version.crossFit ? { crossFit: { ...version.crossFit, version: sibling } } : {}) };
  log?.info("model loaded", { modelVersionId: id, threshold: cached.threshold, crossFitFoldModel: siblingId ?? null });
  return cached;
}

/**
 * A newly active version continues where the previously promoted one stands — its checkpoints and
 * per-principal state — instead of re-scoring all history; the very first version has no
 * predecessor and scores the whole backlog. Idempotent (every worker runs it on the switch).
 */
export async function inheritScoringPosition(db: pg.Pool, id: number): Promise<void> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM settings WHERE key LIKE $1`, [`scoring:v${id}:%`]);
  if (rows[0].n > 0) return;
  const { rows: prev } = await db.query<{ id: number }>(
    `SELECT id FROM model_versions WHERE id <> $1 AND promoted_at IS NOT NULL ORDER BY promoted_at DESC, id DESC LIMIT 1`, [id]);
  if (!prev[0]) return;
  await inTransaction(db, async (client) => {
    await client.query(
      `INSERT INTO settings (key, value, updated_at) SELECT replace(key, $1, $2), value, now() FROM settings WHERE key LIKE $1 || '%' ON CONFLICT (key) DO NOTHING`,
      [`scoring:v${prev[0].id}:`, `scoring:v${id}:`],
    );
    await client.query(
      `INSERT INTO scorer_states (model_version_id, key, state, updated_at) SELECT $2, key, state, now() FROM scorer_states WHERE model_version_id = $1 ON CONFLICT DO NOTHING`,
      [prev[0].id, id],
    );
  });
}
