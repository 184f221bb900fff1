"use client";
// The principal page (issue 7): activity over time, usual actions, learning state, alerts.
import Link from "next/link";
import { useMemo, useState } from "react";
import { ActivityChart } from "@/components/charts/activity-chart";
import { bucketStarts, pivotSeries } from "@/components/charts/bucketing";
import { SeverityBadge, StatusBadge } from "@/components/common/badges";
import { formatCount, formatRelative, formatScore, formatTime } from "@/components/common/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/common/state-views";
import { usePrincipalQuery } from "@/components/hooks/queries/use-principal-query";
import { formatProbability } from "@/lib/shared/explanation";
import { actionLabel, isGuid, principalLabel } from "@/lib/shared/names";

export function PrincipalDetail({ id }: { id: string }) {
  const [days, setDays] = useState(30);
  const query = usePrincipalQuery(id, days);
  const activity = useMemo(() => {
    if (!query.data) return [];
    const rows = query.data.activity.flatMap((a) => [{ bucket: a.bucket, key: "ok", count: a.events - a.errors }, { bucket: a.bucket, key: "errors", count: a.errors }]);
    return pivotSeries(rows, bucketStarts(Date.parse(query.data.range.from), Date.parse(query.data.range.to), "day"), ["ok", "errors"]);
  }, [query.data]);
  if (query.isPending) return <LoadingState />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const p = query.data;
  return (
    <>
      <div className="crumbs"><Link href="/principals">← Principals</Link></div>
      <h1 title={isGuid(p.displayName) ? p.displayName : undefined}>{principalLabel(p.displayName)}</h1>
      {/* The key is the principal's identifier, shown on purpose under its name (zz-overflow.spec.ts). */}
      <p className="mono muted break" data-raw-id>{p.key}</p>
      <div className="grid">
        <div className="panel stat"><div className="value">{formatCount(p.eventCount)}</div><div className="label">events · {p.type}</div></div>
        <div className="panel stat"><div className="value">{p.learning.state}</div><div className="label" data-testid="learning-state">{p.learning.reason}</div></div>
        <div className="panel stat"><div className="value">{formatRelative(p.lastSeenAt)}</div><div className="label">last seen · first {formatTime(p.firstSeenAt).slice(0, 10)}</div></div>
        <div className="panel stat"><div className="value">{p.account.displayName}</div><div className="label">{p.account.provider}{p.isOwn ? " · Trailwatch's own identity (not scored)" : ""}</div></div>
      </div>
      <div className="detail-grid" style={{ marginTop: "1rem" }}>
        <section className="panel">
          <div className="panel-head">
            <h2>Activity</h2>
            <select aria-label="Days of activity" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[7, 30, 90].map((d) => <option key={d} value={d}>Last {d} days</option>)}
            </select>
          </div>
          {p.activity.length === 0 ? <EmptyState title="No activity in this period" height={200} /> : <ActivityChart data={activity} />}
        </section>
        <section className="panel">
          <h2>Usual actions</h2>
          {p.usualActions.length === 0 ? <p className="muted">None recorded.</p> : (
            <ol className="usual-list">
              {p.usualActions.map((u) => <li key={u.action} className="mono" title={u.action}>{actionLabel(u.action)} <span className="muted">· {formatProbability(u.share)}</span></li>)}
            </ol>
          )}
          <p className="small"><Link href={`/events?principalId=${p.id}`}>Search this principal&rsquo;s events</Link></p>
        </section>
      </div>
      <section className="panel table-panel" style={{ marginTop: "1rem" }}>
        <h2>Alerts</h2>
        {p.alerts.length === 0 ? <EmptyState title="No alerts for this principal" /> : (
          <table className="compact">
            <thead><tr><th>Severity</th><th>Alert</th><th>Status</th><th className="num">Score</th><th>Created</th></tr></thead>
            <tbody>
              {p.alerts.map((a) => (
                <tr key={a.id}>
                  <td><SeverityBadge severity={a.severity} /></td>
                  <td className="truncate wide"><Link href={`/alerts/${a.id}`}>{a.title}</Link></td>
                  <td><StatusBadge status={a.status} closeReason={a.closeReason} /></td>
                  <td className="num">{formatScore(a.score)}</td>
                  <td>{formatTime(a.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
