"use client";
// Admin → Notifications (issue 17): webhook channels (URL and signing secret are write-only: the
// server keeps them encrypted and shows the host only) and the log of recent deliveries.
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { SeverityBadge } from "@/components/common/badges";
import { apiFetch } from "@/components/hooks/queries/fetcher";
import { SEVERITIES } from "@/lib/shared/alerts";
import { useAdminMutation } from "../admin-queries";
import { formatTime } from "../admin-types";
import { notificationKeys, useChannelsQuery, useDeliveriesQuery, type ChannelView } from "./notification-queries";

const FORMATS: Array<[ChannelView["format"], string]> = [["json", "JSON (signed)"], ["slack", "Slack incoming webhook"], ["teams", "Microsoft Teams workflow"]];

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function NotificationsAdmin() {
  const channels = useChannelsQuery();
  const deliveries = useDeliveriesQuery();
  const [secret, setSecret] = useState("");
  const create = useAdminMutation(notificationKeys.channels, (body: Record<string, unknown>) => apiFetch("/api/admin/notifications", { method: "POST", json: body }));
  const update = useAdminMutation(notificationKeys.channels, ({ id, ...patch }: { id: number } & Partial<Pick<ChannelView, "enabled" | "minSeverity">>) =>
    apiFetch(`/api/admin/notifications/${id}`, { method: "PATCH", json: patch }),
  );
  const remove = useAdminMutation(notificationKeys.channels, (id: number) => apiFetch(`/api/admin/notifications/${id}`, { method: "DELETE" }));

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const target = e.currentTarget;
    create.mutate(
      { name: String(form.get("name")), url: String(form.get("url")), secret, format: form.get("format"), minSeverity: form.get("minSeverity") },
      { onSuccess: () => { target.reset(); setSecret(""); } },
    );
  }
  const error = create.error ?? update.error ?? remove.error;

  return (
    <>
      <h1>Notifications</h1>
      <p className="muted">
        New alerts at or above a channel&apos;s severity are POSTed to its webhook, signed with HMAC-SHA256 over
        <code> &lt;timestamp&gt;.&lt;body&gt;</code> (headers <code>X-Trailwatch-Timestamp</code>, <code>X-Trailwatch-Signature: v1=&lt;hex&gt;</code>),
        and retried with backoff for about three minutes.
      </p>
      <form className="panel stack-form" onSubmit={onCreate} aria-label="Add webhook">
        <label>
          Name
          <input name="name" required maxLength={100} />
        </label>
        <label>
          Webhook URL
          <input name="url" type="url" required maxLength={2000} placeholder="https://hooks.example.com/…" autoComplete="off" />
        </label>
        <label>
          Signing secret (at least 16 characters; stored encrypted, never shown again)
          <span className="actions">
            <input name="secret" value={secret} onChange={(e) => setSecret(e.target.value)} required minLength={16} maxLength={256} autoComplete="off" spellCheck={false} />
            <button type="button" className="secondary" onClick={() => setSecret(randomSecret())}>Generate</button>
          </span>
        </label>
        <div className="row-form">
          <label>
            Format
            <select name="format" defaultValue="json">
              {FORMATS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
            </select>
          </label>
          <label>
            Minimum severity
            <select name="minSeverity" defaultValue="high">
              {SEVERITIES.map((s) => <option key={s}>{s}</option>)}
            </select>
          </label>
          <button type="submit" disabled={create.isPending}>Add webhook</button>
        </div>
      </form>
      {error ? <p className="error" role="alert">{error.message}</p> : null}
      <section className="panel table-panel">
        <h2>Webhooks</h2>
        <table data-testid="channels">
          <thead>
            <tr><th>Name</th><th>Format</th><th>Destination</th><th>Minimum severity</th><th>Status</th><th /></tr>
          </thead>
          <tbody>
            {channels.data?.items.map((c) => (
              <tr key={c.id} data-testid={`channel-${c.name}`}>
                <td>{c.name}</td>
                <td>{FORMATS.find(([v]) => v === c.format)?.[1]}</td>
                <td className="mono truncate">{c.urlHint}</td>
                <td>
                  <select aria-label={`Minimum severity of ${c.name}`} value={c.minSeverity} onChange={(e) => update.mutate({ id: c.id, minSeverity: e.target.value as ChannelView["minSeverity"] })}>
                    {SEVERITIES.map((s) => <option key={s}>{s}</option>)}
                  </select>
                </td>
                <td>{c.enabled ? "enabled" : "disabled"}</td>
                <td className="actions">
                  <button type="button" className="secondary" onClick={() => update.mutate({ id: c.id, enabled: !c.enabled })}>{c.enabled ? "Disable" : "Enable"}</button>
                  <button type="button" className="secondary" onClick={() => window.confirm(`Remove ${c.name}?`) && remove.mutate(c.id)}>Remove</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {channels.data?.items.length === 0 ? <p className="muted">No webhooks yet.</p> : null}
      </section>
      <section className="panel table-panel">
        <h2>Recent deliveries</h2>
        <table data-testid="deliveries">
          <thead>
            <tr><th>Queued</th><th>Webhook</th><th>Alert</th><th>Status</th><th className="num">Attempts</th><th>Last answer</th></tr>
          </thead>
          <tbody>
            {deliveries.data?.items.map((d) => (
              <tr key={d.id} data-testid="delivery-row">
                <td>{formatTime(d.createdAt)}</td>
                <td>{d.channel.name}</td>
                <td className="truncate"><SeverityBadge severity={d.alert.severity} /> <Link href={`/alerts/${d.alert.id}`}>{d.alert.title}</Link></td>
                <td data-testid="delivery-status">{d.status}</td>
                <td className="num">{d.attempts}</td>
                <td className="truncate">{d.error ?? (d.responseStatus ? `HTTP ${d.responseStatus}` : "—")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {deliveries.data?.items.length === 0 ? <p className="muted">Nothing sent yet.</p> : null}
      </section>
    </>
  );
}
