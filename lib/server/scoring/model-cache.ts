// The active model version, loaded once per worker and reloaded when another version is promoted.
import type pg from "pg";
import { initBackend } from "@/ml/backend";
import { loadModelVersion, type ModelMetadata } from "@/ml/registry-io";
import type { ModelVersion } from "@/ml/model/version";

export interface ActiveModel {
  /** model_versions.id */
  id: number;
  version: ModelVersion;
  threshold: number;
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
export async function getActiveModel(db: pg.Pool): Promise<ActiveModel | null> {
  const id = await getActiveModelId(db);
  if (id === null) return null;
  if (cached?.id === id) return cached;
  const version = await loadVersionRow(db, id);
  cached?.version.model.dispose();
  cached = { id, version, threshold: version.calibration?.threshold ?? Infinity };
  return cached;
}
