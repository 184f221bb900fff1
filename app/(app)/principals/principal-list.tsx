"use client";
import { formatCount, formatRelative } from "@/components/common/format";
import { EmptyState, QueryState } from "@/components/common/state-views";
import { useUrlParams } from "@/components/common/use-url-params";
import { usePrincipalsQuery } from "@/components/hooks/queries/use-principal-query";
import { PrincipalLink } from "@/components/common/principal-link";

const KEYS = ["search"] as const;

export function PrincipalList() {
  const [params, setParams] = useUrlParams(KEYS);
  const query = usePrincipalsQuery(params.search ?? "");
  return (
    <>
      <h1>Principals</h1>
      <form className="filters" key={params.search ?? ""} onSubmit={(e) => { e.preventDefault(); setParams({ search: String(new FormData(e.currentTarget).get("search") ?? "").trim() || null }); }}>
        <label>Search<input name="search" defaultValue={params.search ?? ""} placeholder="name or ARN" /></label>
        <div className="filter-actions"><button type="submit">Search</button></div>
      </form>
      <section className="panel table-panel">
        <QueryState query={query} isEmpty={(d) => d.items.length === 0} empty={<EmptyState title="No principals match" />}>
          {(d) => (
            <table className="compact">
              <thead><tr><th>Principal</th><th>Type</th><th>Account</th><th className="num">Events</th><th>Last seen</th></tr></thead>
              <tbody>
                {d.items.map((p) => (
                  <tr key={p.id}>
                    <td className="truncate wide"><PrincipalLink principal={p} /></td>
                    <td>{p.type}</td>
                    <td className="truncate">{p.account.displayName}</td>
                    <td className="num">{formatCount(p.eventCount)}</td>
                    <td>{formatRelative(p.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </section>
    </>
  );
}
