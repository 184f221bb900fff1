// Training (issue 6): the first model when none is active (stored events, chronological, without
// the detector's own), later continuous learning from the events since the active version with
// false positives weighted up; the candidate is compared with the active one and promoted or kept
// as a shadow. Progress is written to the model_versions row while it trains.
import type { z } from "zod";
import type { ModelVersion } from "@/ml/model/version";
import { fitCrossFitted } from "@/ml/cross-fit";
import { attackTemplates } from "@/lib/server/ml/attack-templates";
import { updateModel, type Comparison } from "@/ml/update";
import { initBackend } from "@/ml/backend";
import { DEFAULT_MODEL_CONFIG, type TrainProgress } from "@/ml/types";
import { getActiveModelId, loadVersionRow } from "@/lib/server/scoring/model-cache";
import { MAX_TRAIN_EVENTS, MIN_FIRST_MODEL_EVENTS, MIN_UPDATE_EVENTS, readFirstModelEvents, readRecentScores, readUpdateEvents } from "@/lib/server/scoring/training-data";
import { createTrainingRow, failTraining, finishTraining, reportProgress, storeFoldModel } from "@/lib/server/scoring/model-store";
import type { JobHandler } from "../context";
import type { ZRetrainPayload } from "../registry";

const PROGRESS_EVERY_MS = 2_000;

export const retrainHandler: JobHandler<z.infer<typeof ZRetrainPayload>> = async (payload, ctx) => {
  const startedMs = Date.now();
  const backend = await initBackend({ log: (m) => ctx.log.info(m) });
  const activeId = await getActiveModelId(ctx.pool);
  const maxEvents = payload.maxEvents ?? MAX_TRAIN_EVENTS;
  const previous = activeId === null ? null : await ctx.pool.query<{ train_to: Date | null }>(`SELECT train_to FROM model_versions WHERE id = $1`, [activeId]);
  const since = previous?.rows[0]?.train_to ?? new Date(0);
  const data = activeId === null ? { events: await readFirstModelEvents(ctx.pool, maxEvents), context: [], falsePositives: [] } : await readUpdateEvents(ctx.pool, since, maxEvents);
  const minimum = activeId === null ? MIN_FIRST_MODEL_EVENTS : MIN_UPDATE_EVENTS;
  if (data.events.length < minimum) {
    ctx.log.info("retrain skipped: not enough events", { events: data.events.length, minimum, reason: payload.reason });
    return { skipped: true, events: data.events.length };
  }
  const id = await createTrainingRow(ctx.pool, DEFAULT_MODEL_CONFIG.encoder, DEFAULT_MODEL_CONFIG);
  const log = ctx.log.child({ modelVersionId: id, reason: payload.reason, events: data.events.length, backend });
  log.info("training started", { falsePositivePatterns: data.falsePositives.length });
  let lastReport = 0;
  // A first model trains two folds of about half the events each, side by side or one after the
  // other (ml/cross-fit.ts): each fold is half the progress.
  const foldDone = { A: 0, B: 0 };
  const foldEpoch = { A: 0, B: 0 };
  const onProgress = (p: TrainProgress & { fold?: "A" | "B" }) => {
    const share = p.fold ? 0.5 : 1;
    const epochDone = Math.min(1, (p.epoch - 1 + Math.min(1, p.windowsDone / Math.max(1, data.events.length * share))) / p.epochs);
    if (p.fold) {
      foldDone[p.fold] = epochDone;
      foldEpoch[p.fold] = p.epoch;
    }
    if (Date.now() - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = Date.now();
    const done = p.fold ? (foldDone.A + foldDone.B) / 2 : epochDone;
    // Folds trained side by side report in turn: the banner's "epoch e of E" is the furthest one's.
    const epoch = p.fold ? Math.max(foldEpoch.A, foldEpoch.B) : p.epoch;
    void reportProgress(ctx.pool, id, { progress: Math.min(1, done), ...p, epoch }).catch(() => undefined);
  };
  try {
    let version: ModelVersion;
    let comparison: Comparison | null = null;
    if (activeId === null) {
      // Cross-fitted (ml/cross-fit.ts): the backfill this version is trained on is scored by the
      // fold model that did not train on it, so an attack in the backfill still alerts.
      const readMs = Date.now() - startedMs;
      const fitted = await fitCrossFitted(data.events, { epochs: payload.epochs, onProgress });
      version = fitted.version;
      version.crossFit = { ...version.crossFit!, siblingVersionId: await storeFoldModel(ctx.pool, fitted.sibling) };
      fitted.sibling.model.dispose();
      log.info("cross-fitted", { foldFit: fitted.foldFit, trimmed: fitted.trimmed.size, pooledScores: fitted.scores.length, threshold: version.calibration?.threshold, ms: { read: readMs, ...fitted.ms } });
    } else {
      const active = await loadVersionRow(ctx.pool, activeId);
      const [recentScores, templates] = [await readRecentScores(ctx.pool), await attackTemplates()];
      ({ version, comparison } = await updateModel(active, data.events, {
        context: data.context, falsePositives: data.falsePositives, weight: 20, epochs: payload.epochs, recentScores, attackTemplates: templates,
      }));
      active.model.dispose();
    }
    const promote = comparison === null || comparison.decision === "promote";
    await finishTraining(ctx.pool, id, version, { promote, comparison });
    version.model.dispose();
    log.info("training finished", { status: promote ? "active" : "shadow", threshold: version.calibration?.threshold, metrics: version.metrics, comparison: comparison?.reason });
    return { modelVersionId: id, status: promote ? "active" : "shadow" };
  } catch (e) {
    await failTraining(ctx.pool, id, e instanceof Error ? e.message : String(e));
    log.error("training failed", { error: e });
    throw e;
  }
};
