"use client";
// The overview (issue 7): one time range in the URL that every panel follows. Each panel is a
// container reading the same overview query (TanStack Query shares one request between them).
import { TimeRangePicker } from "@/components/common/time-range-picker";
import { useUrlParams } from "@/components/common/use-url-params";
import { RANGE_PRESETS, type TRangePreset } from "@/lib/shared/time-range";
import { AlertsPanel } from "./alerts-panel";
import { AttackPanel } from "./attack-panel";
import { EventsPanel } from "./events-panel";
import { IngestionPanel } from "./ingestion-panel";
import { ModelPanel } from "./model-panel";
import { PrincipalsPanel } from "./principals-panel";
import { ScoresPanel } from "./scores-panel";

const KEYS = ["range"] as const;

export function OverviewDashboard() {
  const [params, setParams] = useUrlParams(KEYS);
  const range: TRangePreset = RANGE_PRESETS.includes(params.range as TRangePreset) ? (params.range as TRangePreset) : "24h";
  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <TimeRangePicker value={range} onChange={(r) => setParams({ range: r === "24h" ? null : r })} />
      </div>
      <div className="overview-grid">
        <EventsPanel range={range} />
        <AlertsPanel range={range} />
        <ScoresPanel range={range} />
        <ModelPanel range={range} />
        <PrincipalsPanel range={range} />
        <AttackPanel range={range} />
        <IngestionPanel range={range} />
      </div>
    </>
  );
}
