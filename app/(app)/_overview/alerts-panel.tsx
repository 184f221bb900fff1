"use client";
import { useMemo, useState } from "react";
import { bucketStarts, DAY_MS, pivotSeries } from "@/components/charts/bucketing";
import { AlertsChart } from "@/components/charts/alerts-chart";
import { EmptyState, QueryState } from "@/components/common/state-views";
import { useOverviewQuery, type TOverview } from "@/components/hooks/queries/use-overview-query";
import { ALERT_STATUSES, SEVERITIES } from "@/lib/shared/alerts";
import type { TRangePreset } from "@/lib/shared/time-range";

function reshape(data: TOverview, by: "severity" | "status") {
  const keys: string[] = by === "severity" ? [...SEVERITIES].reverse() : [...ALERT_STATUSES];
  const rows = data.alerts.map((a) => ({ bucket: a.bucket, key: a[by], count: a.count }));
  const starts = bucketStarts(Date.parse(data.range.from), Date.parse(data.range.to), "day");
  return { data: pivotSeries(rows, starts, keys), keys };
}

export function AlertsPanel({ range }: { range: TRangePreset }) {
  const query = useOverviewQuery(range);
  const [by, setBy] = useState<"severity" | "status">("severity");
  const shaped = useMemo(() => (query.data ? reshape(query.data, by) : null), [query.data, by]);
  return (
    <section className="panel" aria-labelledby="alerts-title">
      <div className="panel-head">
        <h2 id="alerts-title">Alerts per day</h2>
        <div className="segmented" role="group" aria-label="Group alerts by">
          {(["severity", "status"] as const).map((k) => (
            <button key={k} type="button" className={by === k ? "active" : "secondary"} aria-pressed={by === k} onClick={() => setBy(k)}>
              {k}
            </button>
          ))}
        </div>
      </div>
      <QueryState query={query} height={200} isEmpty={(d) => d.alerts.length === 0} empty={<EmptyState title="No alerts in this range" height={200} />}>
        {() => shaped && <AlertsChart data={shaped.data} keys={shaped.keys} by={by} step={DAY_MS} ariaLabel={`Alerts by ${by}`} />}
      </QueryState>
    </section>
  );
}
