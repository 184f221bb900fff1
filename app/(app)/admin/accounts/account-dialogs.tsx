"use client";
import { useState } from "react";
import { apiFetch } from "@/components/hooks/queries/fetcher";
import { adminKeys, useAdminMutation } from "../admin-queries";
import type { AccountView, ConnectionCheck } from "../admin-types";

/**
 * Each check the connector made, on the account's row under the one-sentence result: what worked
 * and which permission is missing; the SDK's own error text stays behind a title. Rendered as text.
 */
export function ConnectionResult({ checks }: { checks: ConnectionCheck[] }) {
  return (
    <details data-testid="connection-result">
      <summary>{checks.filter((c) => c.ok).length} of {checks.length} checks passed</summary>
      <ul className="checks">
        {checks.map((c) => (
          <li key={c.check} className={c.ok ? "ok" : "error"} title={c.error}>
            {c.ok ? "✓" : "✗"} {c.check}
            {c.missingPermission ? <strong> — missing permission {c.missingPermission}</strong> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Removal asks whether to keep the account's events (kept: the account stays as a disabled shell). */
export function RemoveAccountDialog({ account, onDone }: { account: AccountView; onDone: () => void }) {
  const [keepEvents, setKeepEvents] = useState(true);
  const remove = useAdminMutation(adminKeys.accounts, () => apiFetch(`/api/admin/accounts/${account.id}?keepEvents=${keepEvents}`, { method: "DELETE" }));
  return (
    <section className="panel" role="dialog" aria-label={`Remove ${account.displayName}`}>
      <h2>Remove {account.displayName}?</h2>
      <label className="inline">
        <input type="radio" name="keep" checked={keepEvents} onChange={() => setKeepEvents(true)} /> Keep its events, principals and alerts (stop polling, erase credentials)
      </label>
      <label className="inline">
        <input type="radio" name="keep" checked={!keepEvents} onChange={() => setKeepEvents(false)} /> Delete everything from this account
      </label>
      {remove.error ? <p className="error" role="alert">{remove.error.message}</p> : null}
      <div className="actions">
        <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: onDone })}>Remove</button>
        <button type="button" className="secondary" onClick={onDone}>Cancel</button>
      </div>
    </section>
  );
}
