// Persisted streaming-scorer state (table scorer_states, one row per principal and per account and
// model version). Measured against re-reading the last N events per principal: the profile facts
// (new action / region / IP / user agent within 90 days) need more than the last N events, and a
// row per principal is one indexed read, so the state is persisted and written in the scoring
// transaction — it can never run ahead of the scores it produced.
import type pg from "pg";
import type { HistoryJson } from "@/ml/data/history";

type PrincipalJson = HistoryJson["principals"][string];
type AccountEntries = HistoryJson["accounts"][string];

export interface LoadedState {
  history: HistoryJson;
  /** Actions per account as loaded, to write back only what the batch added. */
  accountActions: Map<string, Set<string>>;
}

export async function loadState(db: pg.PoolClient, versionId: number, window: number, principalIds: string[], accountIds: string[]): Promise<LoadedState> {
  const keys = [...principalIds.map((p) => `p:${p}`), ...accountIds.map((a) => `a:${a}`)];
  const { rows } = await db.query<{ key: string; state: unknown }>(`SELECT key, state FROM scorer_states WHERE model_version_id = $1 AND key = ANY($2::text[])`, [versionId, keys]);
  const history: HistoryJson = { window, lookbackDays: 90, principals: {}, accounts: {} };
  const accountActions = new Map<string, Set<string>>(accountIds.map((a) => [a, new Set()]));
  for (const r of rows) {
    if (r.key.startsWith("p:")) history.principals[r.key.slice(2)] = r.state as PrincipalJson;
    else {
      const entries = Object.entries(r.state as Record<string, number>) as AccountEntries;
      history.accounts[r.key.slice(2)] = entries;
      accountActions.set(r.key.slice(2), new Set(entries.map(([a]) => a)));
    }
  }
  return { history, accountActions };
}

/** Upserts the touched principals' state and the actions new to each account. */
export async function saveState(db: pg.PoolClient, versionId: number, loaded: LoadedState, after: HistoryJson, principalIds: string[]): Promise<void> {
  const keys: string[] = [];
  const states: string[] = [];
  for (const p of principalIds) {
    const s = after.principals[p];
    if (!s) continue;
    keys.push(`p:${p}`);
    states.push(JSON.stringify(s));
  }
  // Sorted so two shards writing the same accounts always lock rows in the same order (no deadlock).
  for (const [account, known] of [...loaded.accountActions].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const added = (after.accounts[account] ?? []).filter(([action]) => !known.has(action));
    if (added.length === 0) continue;
    keys.push(`a:${account}`);
    states.push(JSON.stringify(Object.fromEntries(added)));
  }
  if (keys.length === 0) return;
  // Accounts merge (existing first-seen times win); principals belong to one shard and are replaced.
  await db.query(
    `INSERT INTO scorer_states (model_version_id, key, state, updated_at)
     SELECT $1, k, s, now() FROM unnest($2::text[], $3::jsonb[]) AS t(k, s)
     ON CONFLICT (model_version_id, key) DO UPDATE SET updated_at = now(),
       state = CASE WHEN left(scorer_states.key, 2) = 'a:' THEN EXCLUDED.state || scorer_states.state ELSE EXCLUDED.state END`,
    [versionId, keys, states],
  );
}
