"use client";
// The inbox rows. Selection (checkboxes) and the keyboard cursor are view state; rows are the query's.
// Fixed column widths (globals.css table.inbox) so the table fits the page at 1280 and 1440 px
// without a sideways scroll (issue 17): the alert column takes what is left, long names are cut
// with an ellipsis and shown whole in their title, the account sits under the principal and the
// event count beside the action. The last event drops its seconds (whole in the title).
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
      <colgroup>
        {selectable ? <col className="check-col" /> : null}
        <col className="col-severity" />
        <col />
        <col className="col-principal" />
        <col className="col-status" />
        <col className="col-score" />
        <col className="col-time" />
        <col className="col-assignee" />
      </colgroup>
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
          <th>Status</th>
          <th className="num">Score</th>
          <th title="Times in UTC">Last event</th>
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
            <td>
              <div className="clamp-2"><Link href={`/alerts/${a.id}`} title={a.title}>{a.title}</Link></div>
              <div className="muted small truncate" title={`${a.action} · ${a.category}`}>
                {a.eventCount} {a.eventCount === 1 ? "event" : "events"} · <span className="mono">{a.action}</span>
              </div>
              <AttackTags tactics={a.attackTactics} techniques={a.attackTechniques} compact />
            </td>
            <td className="truncate" title={`${a.principal.key}\n${a.account.displayName}`}>
              <PrincipalLink principal={a.principal} />
              <div className="muted small truncate">{a.account.displayName}</div>
            </td>
            <td>
              <StatusBadge status={a.status} closeReason={a.closeReason} />
            </td>
            <td className="num">{formatScore(a.score)}</td>
            <td className="nowrap" title={`${formatTime(a.lastEventAt)} (${formatRelative(a.lastEventAt)})`}>{formatTime(a.lastEventAt).slice(0, 16)}</td>
            <td className="truncate" title={a.assignee?.email}>{a.assignee?.email ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
