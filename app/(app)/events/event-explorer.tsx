"use client";
// The event explorer (issue 7): search by principal, action, account, source IP, outcome and
// time; keyset pages; any event opens on its principal's timeline.
import Link from "next/link";
import { useMemo } from "react";
import { ExportLinks } from "@/components/common/export-links";
import { EmptyState, ErrorState, LoadingState } from "@/components/common/state-views";
import { formatScore, formatTime } from "@/components/common/format";
import { useUrlParams } from "@/components/common/use-url-params";
import { useAlertFacetsQuery } from "@/components/hooks/queries/use-alert-query";
import { useEventsQuery } from "@/components/hooks/queries/use-events-query";
import { toIsoUtc, toLocalInput } from "../alerts/inbox-params";
import { LoadMoreFooter } from "@/components/common/load-more-footer";
import { PrincipalLink } from "@/components/common/principal-link";

const KEYS = ["principal", "principalId", "action", "accountId", "sourceIp", "outcome", "from", "to"] as const;

export function EventExplorer() {
  const [params, setParams] = useUrlParams(KEYS);
  const query = useEventsQuery(params);
  const facets = useAlertFacetsQuery();
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "").trim() || null;
    setParams({ principal: text("principal"), principalId: null, action: text("action"), sourceIp: text("sourceIp"), outcome: text("outcome"), accountId: text("accountId"), from: toIsoUtc(String(f.get("from") ?? "")), to: toIsoUtc(String(f.get("to") ?? "")) });
  };
  return (
    <>
      <div className="page-head">
        <h1>Events</h1>
        <ExportLinks endpoint="/api/events/export" params={params} label="Export these events" />
      </div>
      <form className="filters" onSubmit={onSubmit} aria-label="Event search" key={KEYS.map((k) => params[k] ?? "").join("|")}>
        <label>Principal<input name="principal" defaultValue={params.principal ?? ""} placeholder="name or ARN" /></label>
        <label>Action contains<input name="action" defaultValue={params.action ?? ""} placeholder="CreateAccessKey" /></label>
        <label>
          Account
          <select name="accountId" defaultValue={params.accountId ?? ""}>
            <option value="">All accounts</option>
            {facets.data?.accounts.map((a) => <option key={a.id} value={a.id}>{a.displayName}</option>)}
          </select>
        </label>
        <label>Source IP<input name="sourceIp" defaultValue={params.sourceIp ?? ""} /></label>
        <label>
          Outcome
          <select name="outcome" defaultValue={params.outcome ?? ""}>
            <option value="">Any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
          </select>
        </label>
        <label>From (UTC)<input type="datetime-local" name="from" defaultValue={toLocalInput(params.from)} /></label>
        <label>To (UTC)<input type="datetime-local" name="to" defaultValue={toLocalInput(params.to)} /></label>
        <div className="filter-actions">
          <button type="submit">Search</button>
          <button type="button" className="secondary" onClick={() => setParams(Object.fromEntries(KEYS.map((k) => [k, null])))}>Clear</button>
        </div>
      </form>
      <section className="panel table-panel">
        {query.isPending ? (
          <LoadingState />
        ) : query.error && !query.data ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title="No events match">Try a wider time range or fewer filters.</EmptyState>
        ) : (
          <div className={query.isPlaceholderData ? "stale" : undefined}>
            <table className="compact" data-testid="event-table">
              <thead>
                <tr><th>Time (UTC)</th><th>Principal</th><th>Action</th><th>Outcome</th><th>Region</th><th>Source IP</th><th>Account</th><th className="num">Score</th></tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id}>
                    <td className="mono"><Link href={`/events/${e.id}`}>{formatTime(e.eventTime)}</Link></td>
                    <td className="truncate"><PrincipalLink principal={e.principal} /></td>
                    <td className="mono truncate wide" title={e.action}>{e.action}</td>
                    <td>{e.outcome}{e.errorCode ? ` (${e.errorCode})` : ""}</td>
                    <td>{e.region ?? "—"}</td>
                    <td className="mono">{e.sourceIp ?? "—"}</td>
                    <td className="truncate">{e.account.displayName}</td>
                    <td className="num" data-testid="event-score">{formatScore(e.score)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMoreFooter shown={rows.length} hasNextPage={query.hasNextPage} isFetchingNextPage={query.isFetchingNextPage} onLoadMore={() => query.fetchNextPage()} />
          </div>
        )}
      </section>
    </>
  );
}
