"use client";
import { EmptyState, QueryState } from "@/components/common/state-views";
import { formatCount, formatRelative, formatTime } from "@/components/common/format";
import { useOverviewQuery } from "@/components/hooks/queries/use-overview-query";
import type { TRangePreset } from "@/lib/shared/time-range";

function metric(metrics: unknown, ...names: string[]): number | null {
  const m = (metrics ?? {}) as Record<string, unknown>;
  for (const n of names) if (typeof m[n] === "number") return m[n] as number;
  return null;
}

export function ModelPanel({ range }: { range: TRangePreset }) {
  const query = useOverviewQuery(range);
  return (
    <section className="panel" aria-labelledby="model-title" data-testid="model-panel">
      <h2 id="model-title">Active model</h2>
      <QueryState query={query} isEmpty={(d) => d.model === null} empty={<EmptyState title="No active model yet">The worker trains one after the learning period.</EmptyState>}>
        {(d) => {
          const m = d.model!;
          const acc = metric(m.metrics, "accuracy", "top1");
          const top5 = metric(m.metrics, "top5");
          return (
            <dl className="facts">
              <dt>Version</dt>
              <dd>v{m.version} · {m.architecture}</dd>
              <dt>Accuracy</dt>
              <dd>{acc === null ? "—" : `${(acc * 100).toFixed(1)}% top-1`}{top5 === null ? "" : ` · ${(top5 * 100).toFixed(1)}% top-5`}</dd>
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
