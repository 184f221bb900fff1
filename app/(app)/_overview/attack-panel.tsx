"use client";
// Alerts in the range per ATT&CK tactic and technique; each row opens the inbox filtered to it.
import Link from "next/link";
import { EmptyState, QueryState } from "@/components/common/state-views";
import { useOverviewQuery } from "@/components/hooks/queries/use-overview-query";
import { attackTacticName, getAttackTechnique, sortTactics } from "@/lib/shared/attack";
import type { TRangePreset } from "@/lib/shared/time-range";

const TOP_TECHNIQUES = 8;

export function AttackPanel({ range }: { range: TRangePreset }) {
  const query = useOverviewQuery(range);
  return (
    <section className="panel" aria-labelledby="attack-title" data-testid="attack-panel">
      <h2 id="attack-title">MITRE ATT&amp;CK</h2>
      <QueryState query={query} isEmpty={(d) => d.attack.tactics.length === 0} empty={<EmptyState title="No alerts with an ATT&CK technique in this range" />}>
        {(d) => {
          const tactics = new Map(d.attack.tactics.map((t) => [t.id, t]));
          return (
            <table className="compact">
              <thead>
                <tr>
                  <th>Tactic / technique</th>
                  <th className="num">Alerts</th>
                  <th className="num">Open</th>
                </tr>
              </thead>
              <tbody>
                {sortTactics(tactics.keys()).map((id) => (
                  <tr key={id}>
                    <td className="truncate"><Link href={`/alerts?status=all&tactic=${id}`}>{attackTacticName(id)}</Link></td>
                    <td className="num">{tactics.get(id)!.alerts}</td>
                    <td className="num">{tactics.get(id)!.open}</td>
                  </tr>
                ))}
                {d.attack.techniques.slice(0, TOP_TECHNIQUES).map((t) => (
                  <tr key={t.id}>
                    <td className="truncate" title={getAttackTechnique(t.id)?.name}>
                      <Link href={`/alerts?status=all&technique=${t.id}`}>{t.id} {getAttackTechnique(t.id)?.name ?? ""}</Link>
                    </td>
                    <td className="num">{t.alerts}</td>
                    <td className="num">{t.open}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </QueryState>
    </section>
  );
}
