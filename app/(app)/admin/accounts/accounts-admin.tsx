"use client";
import { useState } from "react";
import { apiFetch } from "@/components/hooks/queries/fetcher";
import { accountStatusText, isImportOnlyAccount } from "@/lib/shared/accounts";
import { adminKeys, useAccountsQuery, useAdminMutation } from "../admin-queries";
import { formatTime, type AccountView, type ConnectionCheck } from "../admin-types";
import { AccountForm } from "./account-form";
import { ConnectionResult, RemoveAccountDialog } from "./account-dialogs";

/** "Backfill" from the latest import run and the learning period, as far as the poller has recorded them. */
function progress(a: AccountView): string {
  const run = a.importRuns?.[0];
  const parts: string[] = [];
  if (run) parts.push(`${run.source} ${run.status}: ${run.stored.toLocaleString("en-US")} stored${run.rejected ? `, ${run.rejected} rejected` : ""}`);
  if (a.learningUntil && new Date(a.learningUntil) > new Date()) parts.push(`learning until ${formatTime(a.learningUntil)}`);
  return parts.join(" · ") || "not started";
}

export function AccountsAdmin({ newExternalId }: { newExternalId: string }) {
  const accounts = useAccountsQuery();
  const [editing, setEditing] = useState<AccountView | "new" | null>(null);
  const [removing, setRemoving] = useState<AccountView | null>(null);
  // The checks of each account's latest test in this page view; the row's sentence comes from the server.
  const [tested, setTested] = useState<Record<string, ConnectionCheck[]>>({});
  const toggle = useAdminMutation(adminKeys.accounts, (a: AccountView) => apiFetch(`/api/admin/accounts/${a.id}`, { method: "PATCH", json: { enabled: !a.enabled } }));
  const test = useAdminMutation(adminKeys.accounts, (a: AccountView) =>
    apiFetch<{ ok: boolean; message: string; checks: ConnectionCheck[] }>(`/api/admin/accounts/${a.id}/test`, { method: "POST" }).then((r) => ({ id: a.id, checks: r.checks })),
  );
  const error = toggle.error ?? test.error;

  return (
    <>
      <h1>Cloud accounts</h1>
      {editing ? (
        <AccountForm key={editing === "new" ? "new" : editing.id} account={editing === "new" ? undefined : editing} newExternalId={newExternalId} onDone={() => setEditing(null)} />
      ) : (
        <p>
          <button type="button" onClick={() => setEditing("new")}>Connect account</button>
        </p>
      )}
      {error ? <p className="error" role="alert">{error.message}</p> : null}
      {removing ? <RemoveAccountDialog account={removing} onDone={() => setRemoving(null)} /> : null}
      <table>
        <thead>
          <tr><th>Account</th><th>Status</th><th>Last poll</th><th>Backfill</th><th>Credentials</th><th /></tr>
        </thead>
        <tbody>
          {accounts.data?.items.map((a) => (
            <tr key={a.id} data-testid={`account-${a.externalId}`}>
              <td>
                {a.displayName}
                {/* The cloud's own account or subscription id: the identifier itself is the information (zz-overflow.spec.ts). */}
                <div className="muted mono" data-raw-id>{a.provider} {a.externalId}</div>
              </td>
              <td data-testid="account-status">
                {accountStatusText(a)}
                {a.statusMessage ? <div className={a.status === "error" ? "error" : "muted"}>{a.statusMessage}</div> : null}
                {tested[a.id] ? <ConnectionResult checks={tested[a.id]} /> : null}
              </td>
              <td>{formatTime(a.lastPolledAt)}</td>
              <td>{progress(a)}</td>
              <td>{a.credentialsSet ? "•••• set" : "none"}</td>
              <td className="actions">
                {isImportOnlyAccount(a) ? null : (
                  <button type="button" className="secondary" disabled={test.isPending || !a.credentialsSet} title={a.credentialsSet ? undefined : "Add credentials first"} onClick={() => test.mutate(a, { onSuccess: (r) => setTested((t) => ({ ...t, [r.id]: r.checks })) })}>
                    {test.isPending && test.variables?.id === a.id ? "Testing…" : "Test connection"}
                  </button>
                )}
                <button type="button" className="secondary" onClick={() => setEditing(a)}>Edit</button>
                <button type="button" className="secondary" onClick={() => toggle.mutate(a)}>{a.enabled ? "Disable" : "Enable"}</button>
                <button type="button" className="secondary" onClick={() => setRemoving(a)}>Remove</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {accounts.data?.items.length === 0 ? <p className="muted">No accounts yet.</p> : null}
    </>
  );
}
