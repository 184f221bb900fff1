"use client";
import { useMemo } from "react";
import { fillBins } from "@/components/charts/bucketing";
import { ScoreHistogramChart } from "@/components/charts/score-histogram-chart";
import { EmptyState, QueryState } from "@/components/common/state-views";
import { formatCount } from "@/components/common/format";
import { useOverviewQuery } from "@/components/hooks/queries/use-overview-query";
import type { TRangePreset } from "@/lib/shared/time-range";

export function ScoresPanel({ range }: { range: TRangePreset }) {
  const query = useOverviewQuery(range);
  const bins = useMemo(() => {
    if (!query.data) return [];
    const rows = query.data.scores.map((s) => ({ bin: s.bin, normal: s.count - s.anomalous, anomalous: s.anomalous }));
    return fillBins(rows, query.data.scoreMaxBin, (bin) => ({ bin, normal: 0, anomalous: 0 }));
  }, [query.data]);
  return (
    <section className="panel" aria-labelledby="scores-title">
      <h2 id="scores-title">Score distribution</h2>
      <QueryState query={query} height={200} isEmpty={(d) => d.scores.length === 0} empty={<EmptyState title="No scored events in this range" height={200}>The worker scores events once a model is active.</EmptyState>}>
        {(d) => (
          <>
            <ScoreHistogramChart data={bins} maxBin={d.scoreMaxBin} />
            <p className="muted small">Surprise in nats (−log p) of the latest {formatCount(d.scoreSampleLimit)} events at most.</p>
          </>
        )}
      </QueryState>
    </section>
  );
}
