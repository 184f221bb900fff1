// Comments and the append-only history: who changed what, when, from → to.
import { formatTime } from "@/components/common/format";
import type { TAlertDetail } from "@/components/hooks/queries/use-alert-query";

export function HistoryPanel({ alert }: { alert: TAlertDetail }) {
  const comments = new Map(alert.comments.map((c) => [String(c.id), c]));
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {alert.history.length === 0 ? <p className="muted small">Created {formatTime(alert.createdAt)} UTC; no changes yet.</p> : null}
      <ol className="history" data-testid="history">
        {alert.history.map((h) => (
          <li key={h.id}>
            <span className="muted small">{formatTime(h.createdAt)} · {h.actor?.email ?? "system"}</span>
            <div>
              {h.field === "comment" ? (
                <blockquote className="comment">{comments.get(h.toValue ?? "")?.body ?? "(comment)"}</blockquote>
              ) : (
                <>
                  {h.field.replace("_", " ")}: <span className="mono">{h.fromValue ?? "—"}</span> → <span className="mono">{h.toValue ?? "—"}</span>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
