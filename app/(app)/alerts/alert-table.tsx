"use client";
// The inbox rows. Selection (checkboxes) and the keyboard cursor are view state; rows are the query's.
import Link from "next/link";
import { AttackTags } from "@/components/common/attack-tags";
import { SeverityBadge, StatusBadge } from "@/components/common/badges";
import { formatRelative, formatScore, formatTime } from "@/components/common/format";
import type { TAlertRow } from "@/components/hooks/queries/use-alerts-query";
import { PrincipalLink } from "@/components/common/principal-link";

interface Props {
  rows: TAlertRow[];
  selected: Set<number>;
  onToggle: (id: number) => void;
  onToggleAll: () => void;
  activeIndex: number;
  selectable: boolean;
}

export function AlertTable({ rows, selected, onToggle, onToggleAll, activeIndex, selectable }: Props) {
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <table className="inbox" data-testid="alert-table">
      <thead>
        <tr>
          {selectable ? (
            <th className="check-col">
              <input type="checkbox" aria-label="Select all alerts on screen" checked={allSelected} onChange={onToggleAll} />
            </th>
          ) : null}
          <th>Severity</th>
          <th>Alert</th>
          <th>Principal</th>
          <th>Account</th>
          <th>Status</th>
          <th className="num">Score</th>
          <th className="num">Events</th>
          <th>Last event (UTC)</th>
          <th>Assignee</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((a, i) => (
          <tr key={a.id} className={i === activeIndex ? "active-row" : undefined} data-testid="alert-row" aria-current={i === activeIndex ? "true" : undefined}>
            {selectable ? (
              <td className="check-col">
                <input type="checkbox" aria-label={`Select alert ${a.id}`} checked={selected.has(a.id)} onChange={() => onToggle(a.id)} />
              </td>
            ) : null}
            <td>
              <SeverityBadge severity={a.severity} />
            </td>
            <td className="truncate wide">
              <Link href={`/alerts/${a.id}`}>{a.title}</Link>
              <div className="muted small mono truncate">{a.action} · {a.category}</div>
              <AttackTags tactics={a.attackTactics} techniques={a.attackTechniques} compact />
            </td>
            <td className="truncate" title={a.principal.key}>
              <PrincipalLink principal={a.principal} />
            </td>
            <td className="truncate">{a.account.displayName}</td>
            <td>
              <StatusBadge status={a.status} closeReason={a.closeReason} />
            </td>
            <td className="num">{formatScore(a.score)}</td>
            <td className="num">{a.eventCount}</td>
            <td title={formatRelative(a.lastEventAt)}>{formatTime(a.lastEventAt)}</td>
            <td className="truncate">{a.assignee?.email ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
