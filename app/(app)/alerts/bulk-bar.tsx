"use client";
// Bulk acknowledge / assign / close for the selected alerts.
import { useState } from "react";
import { useAssigneesQuery } from "@/components/hooks/queries/use-alert-query";
import { useTriageMutation } from "@/components/hooks/queries/use-triage-mutation";
import { CLOSE_REASON_LABELS, CLOSE_REASONS, type TCloseReason } from "@/lib/shared/alerts";

export function BulkBar({ ids, onDone }: { ids: number[]; onDone: () => void }) {
  const triage = useTriageMutation();
  const assignees = useAssigneesQuery(ids.length > 0);
  const [reason, setReason] = useState<TCloseReason>("false_positive");
  if (ids.length === 0) return null;
  const run = (action: Parameters<typeof triage.mutate>[0]["action"]) => triage.mutate({ ids, action }, { onSuccess: onDone });
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <strong>{ids.length} selected</strong>
      <button type="button" onClick={() => run({ kind: "acknowledge" })} disabled={triage.isPending}>
        Acknowledge
      </button>
      <select aria-label="Assign selected to" value="" onChange={(e) => e.target.value && run({ kind: "assign", assigneeId: e.target.value === "-" ? null : e.target.value })} disabled={triage.isPending}>
        <option value="">Assign to…</option>
        <option value="-">Nobody</option>
        {assignees.data?.items.map((u) => <option key={u.id} value={u.id}>{u.email}</option>)}
      </select>
      <select aria-label="Close reason" value={reason} onChange={(e) => setReason(e.target.value as TCloseReason)}>
        {CLOSE_REASONS.map((r) => <option key={r} value={r}>{CLOSE_REASON_LABELS[r]}</option>)}
      </select>
      <button type="button" className="danger" onClick={() => run({ kind: "close", reason })} disabled={triage.isPending}>
        Close
      </button>
      {triage.error ? <span className="error">{triage.error.message}</span> : null}
    </div>
  );
}
