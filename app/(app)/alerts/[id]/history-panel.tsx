// Comments and the append-only history: who changed what, when, from → to.
import { formatTime } from "@/components/common/format";
import type { TAlertDetail } from "@/components/hooks/queries/use-alert-query";

// Values arrive as labels (lib/server/dal/alert-history.ts): users, rules and reasons by name.
const FIELD_TEXT: Record<string, string> = { status: "Status", assignee: "Assignee", close_reason: "Close reason", suppression_rule: "Suppression rule" };

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
                  {FIELD_TEXT[h.field] ?? h.field.replace(/_/g, " ")}: {h.fromLabel ?? "—"} → {h.toLabel ?? "—"}
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
