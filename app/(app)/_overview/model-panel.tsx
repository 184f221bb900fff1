"use client";
import { EmptyState, QueryState } from "@/components/common/state-views";
import { formatCount, formatRelative, formatTime } from "@/components/common/format";
import { useOverviewQuery } from "@/components/hooks/queries/use-overview-query";
import { formatAccuracy } from "@/lib/shared/model-metrics";
import type { TRangePreset } from "@/lib/shared/time-range";

export function ModelPanel({ range }: { range: TRangePreset }) {
  const query = useOverviewQuery(range);
  return (
    <section className="panel" aria-labelledby="model-title" data-testid="model-panel">
      <h2 id="model-title">Active model</h2>
      <QueryState query={query} isEmpty={(d) => d.model === null} empty={<EmptyState title="No active model yet">The worker trains one after the learning period.</EmptyState>}>
        {(d) => {
          const m = d.model!;
          return (
            <dl className="facts">
              <dt>Version</dt>
              <dd>v{m.version} · {m.architecture}</dd>
              <dt>Accuracy</dt>
              <dd title="Held-out next actions the model ranked first">{formatAccuracy(m.metrics)}</dd>
              <dt>Trained</dt>
              <dd title={formatTime(m.createdAt)}>{formatRelative(m.createdAt)} on {formatCount(m.trainEvents)} events</dd>
              <dt>Backend</dt>
              <dd>{m.backend ?? "—"}</dd>
            </dl>
          );
        }}
      </QueryState>
    </section>
  );
}
