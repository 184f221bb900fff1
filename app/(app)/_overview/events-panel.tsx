"use client";
import { useMemo, useState } from "react";
import { bucketStarts, limitSeries, pivotSeries, timeTicks } from "@/components/charts/bucketing";
import { EventsChart } from "@/components/charts/events-chart";
import { EmptyState, QueryState } from "@/components/common/state-views";
import { useOverviewQuery, type TOverview } from "@/components/hooks/queries/use-overview-query";
import type { TRangePreset } from "@/lib/shared/time-range";

const MAX_SERIES = 6;

function reshape(data: TOverview, by: "provider" | "account") {
  const names = new Map(data.accounts.map((a) => [a.id, a.displayName]));
  const rows = data.events.map((e) => ({ bucket: e.bucket, key: by === "provider" ? e.provider.toUpperCase() : (names.get(e.accountId) ?? e.accountId), count: e.count }));
  const limited = limitSeries(rows, MAX_SERIES);
  const from = Date.parse(data.range.from);
  const to = Date.parse(data.range.to);
  const starts = bucketStarts(from, to, data.range.bucket);
  const step = data.range.bucket === "hour" ? 3_600_000 : 86_400_000;
  return { data: pivotSeries(limited.rows, starts, limited.keys), keys: limited.keys, step, ticks: timeTicks(starts[0] ?? from, to, 8).ticks };
}

export function EventsPanel({ range }: { range: TRangePreset }) {
  const query = useOverviewQuery(range);
  const [by, setBy] = useState<"provider" | "account">("provider");
  const shaped = useMemo(() => (query.data ? reshape(query.data, by) : null), [query.data, by]);
  return (
    <section className="panel span-2" aria-labelledby="events-title">
      <div className="panel-head">
        <h2 id="events-title">Events per {query.data?.range.bucket ?? "hour"}</h2>
        <div className="segmented" role="group" aria-label="Group events by">
          {(["provider", "account"] as const).map((k) => (
            <button key={k} type="button" className={by === k ? "active" : "secondary"} aria-pressed={by === k} onClick={() => setBy(k)}>
              by {k}
            </button>
          ))}
        </div>
      </div>
      <QueryState query={query} height={220} isEmpty={(d) => d.events.length === 0} empty={<EmptyState title="No events in this range" height={220}>Connect an account or import a file.</EmptyState>}>
        {() => shaped && <EventsChart data={shaped.data} keys={shaped.keys} step={shaped.step} ticks={shaped.ticks} ariaLabel={`Events by ${by}`} />}
      </QueryState>
    </section>
  );
}
