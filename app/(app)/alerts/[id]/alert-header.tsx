import Link from "next/link";
import { AttackTags } from "@/components/common/attack-tags";
import { SeverityBadge, StatusBadge } from "@/components/common/badges";
import { formatRelative, formatScore, formatTime } from "@/components/common/format";
import type { TAlertDetail } from "@/components/hooks/queries/use-alert-query";
import { PrincipalLink } from "@/components/common/principal-link";

export function AlertHeader({ alert, onHelp }: { alert: TAlertDetail; onHelp: () => void }) {
  return (
    <header className="alert-header">
      <div className="crumbs">
        <Link href="/alerts">← Alerts</Link>
        <button type="button" className="secondary small" onClick={onHelp} aria-label="Keyboard shortcuts">?</button>
      </div>
      <h1 data-testid="alert-title">{alert.title}</h1>
      <div className="meta-row">
        <SeverityBadge severity={alert.severity} />
        <StatusBadge status={alert.status} closeReason={alert.closeReason} />
        <span>score <strong>{formatScore(alert.score)}</strong></span>
        <span>
          <PrincipalLink principal={alert.principal} /> in {alert.account.displayName}
        </span>
        <span className="mono">{alert.action}</span>
        <span>{alert.category}</span>
        <span>
          {alert.eventCount} event{alert.eventCount === 1 ? "" : "s"}, {formatTime(alert.firstEventAt)}
          {alert.lastEventAt !== alert.firstEventAt ? ` → ${formatTime(alert.lastEventAt)}` : ""} UTC ({formatRelative(alert.lastEventAt)})
        </span>
        <span>assignee: {alert.assignee?.email ?? "nobody"}</span>
      </div>
      <div className="meta-row" data-testid="alert-attack">
        <span>MITRE ATT&amp;CK</span>
        <AttackTags tactics={alert.attackTactics} techniques={alert.attackTechniques} />
      </div>
    </header>
  );
}
