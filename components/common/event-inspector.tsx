"use client";
// One event in full: fields as text, its scores, and the raw record (attacker-controlled text,
// rendered as text only).
import Link from "next/link";
import { useEventQuery } from "@/components/hooks/queries/use-events-query";
import { formatProbability } from "@/lib/shared/explanation";
import { formatScore, formatTime } from "./format";
import { JsonView } from "./json-view";
import { EmptyState, ErrorState, LoadingState } from "./state-views";
import { PrincipalLink } from "@/components/common/principal-link";

export function EventInspector({ id }: { id: string | null }) {
  const query = useEventQuery(id);
  if (id === null) return <EmptyState title="Select an event" />;
  if (query.isPending) return <LoadingState />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const e = query.data;
  const s = e.scores[0];
  return (
    <div className="inspector" data-testid="event-inspector">
      <h3 className="mono">{e.action}</h3>
      <dl className="facts">
        <dt>Time</dt>
        <dd>{formatTime(e.eventTime)} UTC</dd>
        <dt>Principal</dt>
        <dd><PrincipalLink principal={e.principal} /></dd>
        <dt>Outcome</dt>
        <dd>{e.outcome}{e.errorCode ? ` · ${e.errorCode}` : ""}</dd>
        {e.mfaUsed === null ? null : (
          <>
            <dt>MFA</dt>
            <dd data-testid="event-mfa">{e.mfaUsed ? "used" : "not used"}</dd>
          </>
        )}
        <dt>Region</dt>
        <dd>{e.region ?? "—"}</dd>
        <dt>Source IP</dt>
        <dd className="mono">{e.sourceIp ?? "—"}</dd>
        <dt>User agent</dt>
        <dd className="mono break" data-testid="event-user-agent">{e.userAgent ?? "—"}</dd>
        <dt>Score</dt>
        <dd>{s ? `${formatScore(s.score)} · p ${formatProbability(s.probability)} · rank ${s.rank}` : "not scored yet"}</dd>
      </dl>
      <p className="small">
        <Link href={`/events/${e.id}`}>Open on its own timeline</Link>
      </p>
      <details open>
        <summary>Raw event</summary>
        <JsonView value={e.raw} />
      </details>
    </div>
  );
}
