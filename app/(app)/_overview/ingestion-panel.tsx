"use client";
import { formatDuration } from "@/components/charts/bucketing";
import { EmptyState, QueryState } from "@/components/common/state-views";
import { formatCount, formatRelative, formatTime } from "@/components/common/format";
import { useOverviewQuery } from "@/components/hooks/queries/use-overview-query";
import type { TRangePreset } from "@/lib/shared/time-range";

export function IngestionPanel({ range }: { range: TRangePreset }) {
  const query = useOverviewQuery(range);
  return (
    <section className="panel" aria-labelledby="ingestion-title">
      <h2 id="ingestion-title">Ingestion by account</h2>
      <QueryState query={query} isEmpty={(d) => d.accounts.length === 0} empty={<EmptyState title="No accounts connected" />}>
        {(d) => (
          <table className="compact">
            <thead>
              <tr>
                <th>Account</th>
                <th className="num" title="Time since the newest event was received or the last successful poll">Lag</th>
                <th className="num" title="Events the active model has not scored yet">Backlog</th>
                <th>Polled</th>
              </tr>
            </thead>
            <tbody>
              {d.accounts.map((a) => (
                <tr key={a.id}>
                  <td className="truncate" title={`${a.provider === "aws" ? "AWS" : "Azure"} · ${a.isImportOnly ? "imported only" : a.status === "pending" ? "not tested" : a.status}`}>{a.displayName}</td>
                  <td className="num" title={a.receivedAt ? `newest event received ${formatTime(a.receivedAt)}` : undefined}>{a.isImportOnly ? "imported" : a.lagSeconds === null ? "—" : formatDuration(a.lagSeconds * 1000)}</td>
                  <td className="num">{a.backlog === null ? "—" : a.backlog >= d.backlogCap ? `${formatCount(d.backlogCap)}+` : formatCount(a.backlog)}</td>
                  <td>{a.isImportOnly ? "—" : formatRelative(a.lastPolledAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
