"use client";
// Closing an alert. A false positive is the model's feedback (the worker's retrain weights these
// events up) and may add a suppression rule with a scope, a reason and an expiry (never permanent).
// The analyst chooses the verdict: nothing is preselected (issue 17), so no alert is closed as a
// false positive by an unread default.
import { useState } from "react";
import type { useTriageMutation } from "@/components/hooks/queries/use-triage-mutation";
import { CLOSE_REASON_LABELS, CLOSE_REASONS, type TCloseReason, type TSuppressionInput } from "@/lib/shared/alerts";

const SCOPES: Array<[TSuppressionInput["scope"], string]> = [
  ["principal_action", "This principal doing this action"],
  ["principal", "Anything this principal does"],
  ["action", "This action by anyone in the account"],
  ["account", "The whole account"],
];

export function CloseForm({ alertId, canSuppress, triage }: { alertId: number; canSuppress: boolean; triage: ReturnType<typeof useTriageMutation> }) {
  const [reason, setReason] = useState<TCloseReason | "">("");
  const [comment, setComment] = useState("");
  const [suppress, setSuppress] = useState(false);
  const [scope, setScope] = useState<TSuppressionInput["scope"]>("principal_action");
  const [ruleReason, setRuleReason] = useState("");
  const [days, setDays] = useState(30);
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason) return;
    const suppression = suppress && reason === "false_positive" ? { scope, reason: ruleReason, expiresInDays: days } : undefined;
    triage.mutate({ ids: [alertId], action: { kind: "close", reason, comment: comment.trim() || undefined, suppression } });
  };
  return (
    <form className="stack close-form" onSubmit={onSubmit} aria-label="Close alert">
      <label>
        <span>Close as <span className="required" aria-hidden="true">*</span></span>
        <select value={reason} onChange={(e) => setReason(e.target.value as TCloseReason | "")} required>
          <option value="" disabled>Choose a verdict…</option>
          {CLOSE_REASONS.map((r) => <option key={r} value={r}>{CLOSE_REASON_LABELS[r]}</option>)}
        </select>
      </label>
      {reason === "false_positive" ? <p className="muted small">The model learns from this: these events count as normal at the next retrain.</p> : null}
      <label>
        Note (optional)
        <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={5000} />
      </label>
      {reason === "false_positive" && canSuppress ? (
        <fieldset className="suppress">
          <label className="check">
            <input type="checkbox" checked={suppress} onChange={(e) => setSuppress(e.target.checked)} /> Also suppress similar alerts
          </label>
          {suppress ? (
            <>
              <label>
                Scope
                <select value={scope} onChange={(e) => setScope(e.target.value as TSuppressionInput["scope"])}>
                  {SCOPES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
                </select>
              </label>
              <label>
                <span>Reason for the rule <span className="required" aria-hidden="true">*</span></span>
                <input value={ruleReason} onChange={(e) => setRuleReason(e.target.value)} required minLength={3} maxLength={500} />
              </label>
              <label>
                Expires after (days)
                <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} required />
              </label>
            </>
          ) : null}
        </fieldset>
      ) : null}
      <button type="submit" className="danger" disabled={triage.isPending || !reason}>
        Close alert
      </button>
    </form>
  );
}
