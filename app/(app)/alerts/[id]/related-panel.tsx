"use client";
import Link from "next/link";
import { SeverityBadge } from "@/components/common/badges";
import { formatRelative } from "@/components/common/format";
import { QueryState } from "@/components/common/state-views";
import { useRelatedAlertsQuery, type TRelatedAlerts } from "@/components/hooks/queries/use-alert-query";
import { actionLabel, principalLabel } from "@/lib/shared/names";

function List({ items, empty, showPrincipal }: { items: TRelatedAlerts["samePrincipal"]; empty: string; showPrincipal: boolean }) {
  if (items.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <ul className="related-list">
      {items.map((a) => (
        <li key={a.id}>
          <SeverityBadge severity={a.severity} /> <Link href={`/alerts/${a.id}`}>{showPrincipal ? principalLabel(a.principal.displayName) : actionLabel(a.action)}</Link>{" "}
          <span className="muted small">{a.status} · {formatRelative(a.createdAt)}</span>
        </li>
      ))}
    </ul>
  );
}

export function RelatedPanel({ alertId }: { alertId: number }) {
  const query = useRelatedAlertsQuery(alertId);
  return (
    <section className="panel" aria-labelledby="related-title">
      <h2 id="related-title">Related alerts</h2>
      <QueryState query={query}>
        {(d) => (
          <>
            <h3>Same principal</h3>
            <List items={d.samePrincipal} empty="No other alerts for this principal." showPrincipal={false} />
            <h3>Same action elsewhere</h3>
            <List items={d.sameAction} empty="No other principal raised this action." showPrincipal />
          </>
        )}
      </QueryState>
    </section>
  );
}
