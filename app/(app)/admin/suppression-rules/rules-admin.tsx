"use client";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/hooks/queries/fetcher";
import { adminKeys, useAdminMutation, useRulesQuery } from "../admin-queries";
import { formatTime, type RuleView } from "../admin-types";

const DAY_MS = 86_400_000;

export function RulesAdmin() {
  const rules = useRulesQuery();
  const [editing, setEditing] = useState<RuleView | null>(null);
  const save = useAdminMutation(adminKeys.rules, ({ id, ...body }: { id: number; reason?: string; expiresAt?: string; enabled?: boolean }) =>
    apiFetch(`/api/admin/suppression-rules/${id}`, { method: "PATCH", json: body }),
  );
  const remove = useAdminMutation(adminKeys.rules, (id: number) => apiFetch(`/api/admin/suppression-rules/${id}`, { method: "DELETE" }));

  function onSave(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!editing) return;
    const f = new FormData(e.currentTarget);
    const days = Number(f.get("days"));
    save.mutate({ id: editing.id, reason: String(f.get("reason")), expiresAt: new Date(Date.now() + days * DAY_MS).toISOString() }, { onSuccess: () => setEditing(null) });
  }
  const error = save.error ?? remove.error;

  return (
    <>
      <h1>Suppression rules</h1>
      <p className="muted">Rules come from triage decisions and always expire. Hit count: alerts each rule has suppressed.</p>
      {editing ? (
        <form className="panel stack-form" onSubmit={onSave} aria-label="Edit rule">
          <h2>Edit rule: {editing.scope}</h2>
          <label>Reason<textarea name="reason" required minLength={3} maxLength={2000} defaultValue={editing.reason} /></label>
          <label>Expires in (days from now)<input name="days" type="number" min={1} max={365} required defaultValue={30} /></label>
          <div className="actions">
            <button type="submit" disabled={save.isPending}>Save</button>
            <button type="button" className="secondary" onClick={() => setEditing(null)}>Cancel</button>
          </div>
        </form>
      ) : null}
      {error ? <p className="error" role="alert">{error.message}</p> : null}
      <table>
        <thead>
          <tr><th>Scope</th><th>Reason</th><th>Owner</th><th>Expires</th><th>Hits</th><th>State</th><th /></tr>
        </thead>
        <tbody>
          {rules.data?.items.map((r) => (
            <tr key={r.id}>
              <td title={[r.principalKey, r.action].filter(Boolean).join(" · ")}>{r.scope}</td>
              <td>{r.reason}</td>
              <td>{r.owner?.email ?? "—"}</td>
              <td>{formatTime(r.expiresAt)}</td>
              <td>{r.hitCount}</td>
              <td>{r.enabled ? (r.expiresAt && new Date(r.expiresAt) < new Date() ? "expired" : "active") : "disabled"}</td>
              <td className="actions">
                <button type="button" className="secondary" onClick={() => setEditing(r)}>Edit</button>
                <button type="button" className="secondary" onClick={() => save.mutate({ id: r.id, enabled: !r.enabled })}>{r.enabled ? "Disable" : "Enable"}</button>
                <button type="button" className="secondary" onClick={() => window.confirm(`Delete the rule for ${r.scope}?`) && remove.mutate(r.id)}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rules.data?.items.length === 0 ? <p className="muted">No suppression rules.</p> : null}
    </>
  );
}
