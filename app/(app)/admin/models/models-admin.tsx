"use client";
import { apiFetch } from "@/components/hooks/queries/fetcher";
import { formatAccuracy, isCrossFitFold } from "@/lib/shared/model-metrics";
import { adminKeys, useAdminMutation, useModelsQuery } from "../admin-queries";
import { formatTime, type ModelVersionView } from "../admin-types";

const BASIS_KEYS = new Set(["threshold", "thresholdBasis", "calibrationEvents", "thresholdExtrapolated", "ownScalePopulations", "familiarThreshold", "familiarEvents", "familiarBudgetPerMillion", "familiarExtrapolated", "valTop1", "crossFitFold"]);
const BASIS_WORDS: Record<string, string> = {
  "pooled-tail": "tail fitted to pooled out-of-sample scores",
  "tail-fit": "tail fitted to a held-out slice",
  quantile: "quantile of held-out scores",
};

/** The threshold and what it rests on (lib/server/scoring/model-store.ts thresholdBasisOf). */
function thresholdText(metrics: Record<string, unknown>): string {
  const t = metrics.threshold;
  if (typeof t !== "number") return "—";
  const basis = typeof metrics.thresholdBasis === "string" ? BASIS_WORDS[metrics.thresholdBasis] ?? metrics.thresholdBasis : null;
  const n = typeof metrics.calibrationEvents === "number" ? `${metrics.calibrationEvents.toLocaleString("en-US")} events` : null;
  const how = metrics.thresholdExtrapolated === true ? "extrapolated" : metrics.thresholdExtrapolated === false ? "observed" : null;
  const own = typeof metrics.ownScalePopulations === "number" && metrics.ownScalePopulations > 0
    ? `${metrics.ownScalePopulations} principal${metrics.ownScalePopulations === 1 ? "'s" : "s'"} writes on their own scale` : null;
  const familiar = typeof metrics.familiarThreshold === "number" ? `${metrics.familiarThreshold.toFixed(1)} nats in sessions at known addresses${familiarBasis(metrics)}` : null;
  return [`${t.toFixed(1)} nats`, basis, n, how, own, familiar].filter(Boolean).join(" · ");
}

/** " (50 per million, observed on 98,000 events)": the familiar threshold's share of the budget and what it rests on. */
function familiarBasis(metrics: Record<string, unknown>): string {
  const parts = [
    typeof metrics.familiarBudgetPerMillion === "number" ? `${Number(metrics.familiarBudgetPerMillion.toFixed(1))} per million` : null,
    typeof metrics.familiarEvents === "number" ? `${metrics.familiarExtrapolated === true ? "extrapolated from" : "observed on"} ${metrics.familiarEvents.toLocaleString("en-US")} events` : null,
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** Metrics are whatever the trainer recorded; numbers shown to 3 decimals, the rest as text. */
function metricText(metrics: Record<string, unknown>): string {
  return Object.entries(metrics)
    .filter(([k, v]) => !BASIS_KEYS.has(k) && (typeof v === "number" || typeof v === "string"))
    .slice(0, 6)
    .map(([k, v]) => `${k} ${typeof v === "number" ? Number(v.toFixed(3)) : String(v)}`)
    .join(" · ");
}

/** A fold model is part of its parent version (ml/cross-fit.ts), not a retired model of its own. */
function statusText(m: ModelVersionView): string {
  if (!isCrossFitFold(m.metrics)) return m.status;
  const parent = m.foldOf === null ? "the first model" : `v${m.foldOf}`;
  return `cross-fit fold of ${parent} (trained on the earlier half of the backfill, scores the later half)`;
}

export function ModelsAdmin() {
  const models = useModelsQuery();
  const promote = useAdminMutation(adminKeys.models, (id: number) => apiFetch(`/api/admin/models/${id}/promote`, { method: "POST" }));
  const rollback = useAdminMutation(adminKeys.models, () => apiFetch("/api/admin/models/rollback", { method: "POST" }));
  const retrain = useAdminMutation(adminKeys.models, () => apiFetch<{ jobId: string | null }>("/api/admin/models/retrain", { method: "POST" }));
  const error = promote.error ?? rollback.error ?? retrain.error;

  return (
    <>
      <h1>Model versions</h1>
      <div className="actions" style={{ marginBottom: "1rem" }}>
        <button type="button" disabled={retrain.isPending} onClick={() => retrain.mutate()}>Retrain now</button>
        <button type="button" className="secondary" disabled={rollback.isPending} onClick={() => window.confirm("Roll back to the previous active version?") && rollback.mutate()}>Roll back</button>
      </div>
      {retrain.isSuccess ? <p role="status">{retrain.data.jobId ? `Retrain queued (job ${retrain.data.jobId}); the worker picks it up.` : "A retrain is already waiting in the queue."}</p> : null}
      {error ? <p className="error" role="alert">{error.message}</p> : null}
      <table>
        <thead>
          <tr><th>Version</th><th>Status</th><th>Model</th><th>Trained on</th><th>Accuracy</th><th>Alert threshold</th><th>Metrics</th><th>Promoted</th><th /></tr>
        </thead>
        <tbody>
          {models.data?.items.map((m) => (
            <tr key={m.id}>
              <td>v{m.version}</td>
              <td>{statusText(m)}{m.error ? <div className="error">{m.error}</div> : null}</td>
              <td>{m.architecture}{m.backend ? ` (${m.backend})` : ""}</td>
              <td>{Number(m.trainEvents).toLocaleString("en-US")} events{m.trainTo ? `, to ${formatTime(m.trainTo)}` : ""}</td>
              <td title="Held-out next actions the model ranked first">{formatAccuracy(m.metrics)}</td>
              <td>{thresholdText(m.metrics)}</td>
              <td className="mono">{metricText(m.metrics)}</td>
              <td>{formatTime(m.promotedAt)}</td>
              <td>
                {["candidate", "shadow", "retired"].includes(m.status) && !isCrossFitFold(m.metrics) ? (
                  <button type="button" className="secondary" onClick={() => promote.mutate(m.id)}>Promote</button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {models.data?.items.length === 0 ? <p className="muted">No model trained yet.</p> : null}
    </>
  );
}
