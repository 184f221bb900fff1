import "server-only";
// The overview's ATT&CK counts (issue 17): alerts whose events fall in the range (the inbox's
// from/to), per tactic and per technique (an alert counts once under each), and how many are open.
import type { TPrisma } from "@/lib/server/db/client";

export interface AttackCount {
  id: string;
  alerts: number;
  open: number;
}

export async function getAttackCounts(db: TPrisma, r: { from: Date; to: Date }): Promise<{ tactics: AttackCount[]; techniques: AttackCount[] }> {
  const rows = await db.$queryRaw<Array<{ kind: string; id: string; alerts: bigint; open: bigint }>>`
    WITH a AS (SELECT status, attack_tactics, attack_techniques FROM alerts WHERE last_event_at >= ${r.from} AND first_event_at < ${r.to})
    SELECT 'tactic' AS kind, x AS id, count(*) AS alerts, count(*) FILTER (WHERE status <> 'closed') AS open FROM a, unnest(a.attack_tactics) x GROUP BY x
    UNION ALL
    SELECT 'technique', x, count(*), count(*) FILTER (WHERE status <> 'closed') FROM a, unnest(a.attack_techniques) x GROUP BY x
    ORDER BY 3 DESC, 2`;
  const pick = (kind: string) => rows.filter((x) => x.kind === kind).map((x) => ({ id: x.id, alerts: Number(x.alerts), open: Number(x.open) }));
  return { tactics: pick("tactic"), techniques: pick("technique") };
}
