"use client";
import { apiFetch } from "@/components/hooks/queries/fetcher";
import { adminKeys, useAdminMutation, useModelsQuery } from "../admin-queries";
import { formatTime } from "../admin-types";

/** Metrics are whatever the trainer recorded; numbers shown to 3 decimals, the rest as text. */
function metricText(metrics: Record<string, unknown>): string {
  return Object.entries(metrics)
    .filter(([, v]) => typeof v === "number" || typeof v === "string")
    .slice(0, 6)
    .map(([k, v]) => `${k} ${typeof v === "number" ? Number(v.toFixed(3)) : String(v)}`)
    .join(" · ");
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
          <tr><th>Version</th><th>Status</th><th>Model</th><th>Trained on</th><th>Metrics</th><th>Promoted</th><th /></tr>
        </thead>
        <tbody>
          {models.data?.items.map((m) => (
            <tr key={m.id}>
              <td>v{m.version}</td>
              <td>{m.status}{m.error ? <div className="error">{m.error}</div> : null}</td>
              <td>{m.architecture}{m.backend ? ` (${m.backend})` : ""}</td>
              <td>{Number(m.trainEvents).toLocaleString("en-US")} events{m.trainTo ? `, to ${formatTime(m.trainTo)}` : ""}</td>
              <td className="mono">{metricText(m.metrics)}</td>
              <td>{formatTime(m.promotedAt)}</td>
              <td>
                {["candidate", "shadow", "retired"].includes(m.status) ? (
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
