"use client";
// The alert detail (issue 7), the core screen: header and triage, the explanation, the timeline
// around the flagged events, related alerts and the history. j/k step through the inbox list the
// analyst came from (read from the query cache), a acknowledges, f closes as false positive.
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ShortcutsHelp } from "@/components/common/shortcuts-help";
import { ErrorState, LoadingState } from "@/components/common/state-views";
import { useHotkeys } from "@/components/common/use-hotkeys";
import { useAlertQuery } from "@/components/hooks/queries/use-alert-query";
import type { TAlertPage } from "@/components/hooks/queries/use-alerts-query";
import { alertKeys } from "@/components/hooks/queries/keys";
import { useTriageMutation } from "@/components/hooks/queries/use-triage-mutation";
import { AlertHeader } from "./alert-header";
import { ExplanationPanel } from "./explanation-panel";
import { HistoryPanel } from "./history-panel";
import { RelatedPanel } from "./related-panel";
import { TimelineContainer } from "./timeline-container";
import { TriagePanel } from "./triage-panel";

function useNeighbour(id: number) {
  const qc = useQueryClient();
  return (delta: 1 | -1): number | null => {
    const lists = qc.getQueriesData<InfiniteData<TAlertPage>>({ queryKey: alertKeys.lists() });
    for (const [, data] of lists) {
      const ids = data?.pages.flatMap((p) => p.items.map((a) => a.id)) ?? [];
      const i = ids.indexOf(id);
      if (i >= 0) return ids[i + delta] ?? null;
    }
    return null;
  };
}

export function AlertDetail({ id, canTriage, canSuppress }: { id: number; canTriage: boolean; canSuppress: boolean }) {
  const router = useRouter();
  const query = useAlertQuery(id);
  const triage = useTriageMutation();
  const neighbour = useNeighbour(id);
  const [help, setHelp] = useState(false);
  const go = (delta: 1 | -1) => {
    const next = neighbour(delta);
    if (next) router.push(`/alerts/${next}`);
  };
  useHotkeys({
    j: () => go(1),
    k: () => go(-1),
    a: () => canTriage && query.data?.status === "open" && triage.mutate({ ids: [id], action: { kind: "acknowledge" } }),
    f: () => canTriage && query.data && query.data.status !== "closed" && triage.mutate({ ids: [id], action: { kind: "close", reason: "false_positive" } }),
    "?": () => setHelp((h) => !h),
    Escape: () => setHelp(false),
  });
  if (query.isPending) return <LoadingState />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const alert = query.data;
  return (
    <div className="alert-detail">
      <AlertHeader alert={alert} onHelp={() => setHelp(true)} />
      <div className="detail-grid">
        <div className="detail-main">
          <ExplanationPanel alert={alert} />
          <TimelineContainer alertId={id} />
        </div>
        <aside className="detail-side">
          {canTriage ? <TriagePanel alert={alert} canSuppress={canSuppress} /> : <p className="panel muted" data-testid="read-only-note">You have read-only access.</p>}
          <RelatedPanel alertId={id} />
          <HistoryPanel alert={alert} />
        </aside>
      </div>
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
