"use client";
// Triage for analysts and admins (viewers never get this component; the server refuses anyway).
import { useState } from "react";
import { useAssigneesQuery, type TAlertDetail } from "@/components/hooks/queries/use-alert-query";
import { useTriageMutation } from "@/components/hooks/queries/use-triage-mutation";
import { CloseForm } from "./close-form";

export function TriagePanel({ alert, canSuppress }: { alert: TAlertDetail; canSuppress: boolean }) {
  const triage = useTriageMutation();
  const assignees = useAssigneesQuery();
  const [comment, setComment] = useState("");
  const isClosed = alert.status === "closed";
  return (
    <section className="panel triage" aria-labelledby="triage-title" data-testid="triage-panel">
      <h2 id="triage-title">Triage</h2>
      <div className="button-row">
        {alert.status === "open" ? (
          <button type="button" onClick={() => triage.mutate({ ids: [alert.id], action: { kind: "acknowledge" } })} disabled={triage.isPending}>
            Acknowledge
          </button>
        ) : null}
        {isClosed ? (
          <button type="button" onClick={() => triage.mutate({ ids: [alert.id], action: { kind: "reopen" } })} disabled={triage.isPending}>
            Reopen
          </button>
        ) : null}
      </div>
      <label>
        Assignee
        <select
          value={alert.assignee?.id ?? ""}
          onChange={(e) => triage.mutate({ ids: [alert.id], action: { kind: "assign", assigneeId: e.target.value || null } })}
          disabled={triage.isPending}
        >
          <option value="">Nobody</option>
          {assignees.data?.items.map((u) => <option key={u.id} value={u.id}>{u.email}</option>)}
        </select>
      </label>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (comment.trim()) triage.mutate({ ids: [alert.id], action: { kind: "comment", body: comment } }, { onSuccess: () => setComment("") });
        }}
      >
        <label>
          Comment
          <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={5000} />
        </label>
        <button type="submit" className="secondary" disabled={triage.isPending || !comment.trim()}>
          Add comment
        </button>
      </form>
      {!isClosed ? <CloseForm alertId={alert.id} canSuppress={canSuppress} triage={triage} /> : null}
      {triage.error ? <p className="error" role="alert">{triage.error.message}</p> : null}
    </section>
  );
}
