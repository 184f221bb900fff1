"use client";
import { PrincipalLink } from "@/components/common/principal-link";
import { EmptyState, QueryState } from "@/components/common/state-views";
import { formatScore } from "@/components/common/format";
import { useOverviewQuery } from "@/components/hooks/queries/use-overview-query";
import type { TRangePreset } from "@/lib/shared/time-range";

export function PrincipalsPanel({ range }: { range: TRangePreset }) {
  const query = useOverviewQuery(range);
  return (
    <section className="panel" aria-labelledby="principals-title">
      <h2 id="principals-title">Top anomalous principals</h2>
      <QueryState query={query} isEmpty={(d) => d.principals.length === 0} empty={<EmptyState title="No alerts in this range" />}>
        {(d) => (
          <table className="compact">
            <thead>
              <tr>
                <th>Principal</th>
                <th className="num">Alerts</th>
                <th className="num">Open</th>
                <th className="num">Max score</th>
              </tr>
            </thead>
            <tbody>
              {d.principals.map((p) => (
                <tr key={p.id}>
                  <td className="truncate" title={p.key}>
                    <PrincipalLink principal={p} />
                  </td>
                  <td className="num">{p.alerts}</td>
                  <td className="num">{p.open}</td>
                  <td className="num">{formatScore(p.maxScore)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
