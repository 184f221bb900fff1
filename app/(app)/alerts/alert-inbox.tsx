"use client";
// The alert inbox (issue 7): filters in the URL, keyset pages, bulk triage, j/k/a/f shortcuts.
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { ExportLinks } from "@/components/common/export-links";
import { ShortcutsHelp } from "@/components/common/shortcuts-help";
import { EmptyState, ErrorState, LoadingState } from "@/components/common/state-views";
import { useHotkeys } from "@/components/common/use-hotkeys";
import { useUrlParams } from "@/components/common/use-url-params";
import { useAlertsQuery } from "@/components/hooks/queries/use-alerts-query";
import { useTriageMutation } from "@/components/hooks/queries/use-triage-mutation";
import { AlertFilters } from "./alert-filters";
import { AlertTable } from "./alert-table";
import { BulkBar } from "./bulk-bar";
import { INBOX_KEYS } from "./inbox-params";
import { LoadMoreFooter } from "@/components/common/load-more-footer";

export function AlertInbox({ canTriage }: { canTriage: boolean; userId: string }) {
  const router = useRouter();
  const [params, setParams] = useUrlParams(INBOX_KEYS);
  const query = useAlertsQuery(params);
  const triage = useTriageMutation();
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  const [help, setHelp] = useState(false);
  const active = rows[Math.min(cursor, rows.length - 1)];
  const visibleSelected = rows.filter((r) => selected.has(r.id)).map((r) => r.id);

  useHotkeys({
    j: () => setCursor((c) => Math.min(c + 1, rows.length - 1)),
    k: () => setCursor((c) => Math.max(c - 1, 0)),
    Enter: () => active && router.push(`/alerts/${active.id}`),
    a: () => canTriage && active && triage.mutate({ ids: [active.id], action: { kind: "acknowledge" } }),
    f: () => canTriage && active && triage.mutate({ ids: [active.id], action: { kind: "close", reason: "false_positive" } }),
    "?": () => setHelp((h) => !h),
    Escape: () => setHelp(false),
  });

  const toggle = (id: number) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const toggleAll = () => setSelected((s) => (rows.every((r) => s.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id))));

  return (
    <>
      <div className="page-head">
        <h1>Alerts</h1>
        <span className="actions">
          <ExportLinks endpoint="/api/alerts/export" params={params} label="Export these alerts" />
          <button type="button" className="secondary small" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">?</button>
        </span>
      </div>
      <AlertFilters params={params} onChange={(patch) => { setCursor(0); setParams(patch); }} />
      {canTriage ? <BulkBar ids={visibleSelected} onDone={() => setSelected(new Set())} /> : null}
      <section className="panel table-panel" aria-busy={query.isFetching}>
        {query.isPending ? (
          <LoadingState />
        ) : query.error && !query.data ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title="No alerts match these filters">Nothing needs attention here.</EmptyState>
        ) : (
          <div className={query.isPlaceholderData ? "stale" : undefined}>
            <AlertTable rows={rows} selected={selected} onToggle={toggle} onToggleAll={toggleAll} activeIndex={cursor} selectable={canTriage} />
            <LoadMoreFooter shown={rows.length} hasNextPage={query.hasNextPage} isFetchingNextPage={query.isFetchingNextPage} onLoadMore={() => query.fetchNextPage()} showEnd />
          </div>
        )}
      </section>
      {triage.error ? <p className="error">{triage.error.message}</p> : null}
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
    </>
  );
}
