// Severity and status as small coloured labels (text, so they read without colour too).
import { CLOSE_REASON_LABELS, type TCloseReason } from "@/lib/shared/alerts";

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function StatusBadge({ status, closeReason }: { status: string; closeReason?: string | null }) {
  const reason = closeReason ? CLOSE_REASON_LABELS[closeReason as TCloseReason] ?? closeReason : null;
  return (
    <span className={`badge status-${status}`} data-testid="alert-status">
      {status}
      {reason ? ` · ${reason}` : ""}
    </span>
  );
}
