"use client";
// The principal's events on a time axis, y = score: flagged events large and red, events the
// active model has not scored yet grey on the floor. Drag across the chart to zoom; the zoom is
// view state, the events come from the container's query.
import { useMemo, useState } from "react";
import { CartesianGrid, ReferenceArea, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import { formatTick, timeTicks } from "./bucketing";
import { AXIS, FLAGGED, GRID, NORMAL_POINT, UNSCORED_POINT } from "./theme";

export interface TimelinePoint {
  id: string;
  t: number;
  score: number | null;
  action: string;
  isFlagged: boolean;
}

interface Props {
  points: TimelinePoint[];
  from: number;
  to: number;
  highlight: { from: number; to: number };
  onSelect?: (id: string) => void;
}

type Plotted = TimelinePoint & { y: number };

export function TimelineChart({ points, from, to, highlight, onSelect }: Props) {
  const [zoom, setZoom] = useState<{ from: number; to: number } | null>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const domain = zoom ?? { from, to };
  const { step, ticks } = timeTicks(domain.from, domain.to, 7);
  const groups = useMemo(() => {
    const inView = points.filter((p) => p.t >= domain.from && p.t <= domain.to).map((p): Plotted => ({ ...p, y: p.score ?? 0 }));
    return { flagged: inView.filter((p) => p.isFlagged), scored: inView.filter((p) => !p.isFlagged && p.score !== null), unscored: inView.filter((p) => !p.isFlagged && p.score === null) };
  }, [points, domain.from, domain.to]);
  const onUp = () => {
    if (drag && Math.abs(drag.b - drag.a) > 1000) setZoom({ from: Math.min(drag.a, drag.b), to: Math.max(drag.a, drag.b) });
    setDrag(null);
  };
  // Zoom in/out around the flagged span, never beyond the loaded window.
  const zoomBy = (factor: number) => {
    const centre = (highlight.from + highlight.to) / 2;
    const half = Math.max(((domain.to - domain.from) * factor) / 2, 30_000);
    const next = { from: Math.max(from, centre - half), to: Math.min(to, centre + half) };
    setZoom(next.from <= from && next.to >= to ? null : next);
  };
  const click = (p: unknown) => {
    const id = (p as { payload?: Plotted })?.payload?.id;
    if (id && onSelect) onSelect(id);
  };
  return (
    <div>
      <div className="chart-toolbar">
        <span className="muted">Drag across the chart, or use the buttons, to zoom.</span>
        <button type="button" className="secondary small" onClick={() => zoomBy(0.5)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className="secondary small" onClick={() => zoomBy(2)} aria-label="Zoom out" disabled={!zoom}>
          −
        </button>
        {zoom ? (
          <button type="button" className="secondary small" onClick={() => setZoom(null)}>
            Reset zoom
          </button>
        ) : null}
      </div>
      <div role="img" aria-label="Event timeline" style={{ width: "100%", height: 240, userSelect: "none" }}>
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart
            margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
            onMouseDown={(s) => s?.activeLabel !== undefined && setDrag({ a: Number(s.activeLabel), b: Number(s.activeLabel) })}
            onMouseMove={(s) => drag && s?.activeLabel !== undefined && setDrag({ ...drag, b: Number(s.activeLabel) })}
            onMouseUp={onUp}
          >
            <CartesianGrid stroke={GRID} />
            <XAxis type="number" dataKey="t" domain={[domain.from, domain.to]} ticks={ticks} tickFormatter={(t: number) => formatTick(t, step)} allowDataOverflow {...AXIS} />
            <YAxis type="number" dataKey="y" name="score" width={40} {...AXIS} />
            <ZAxis range={[30, 30]} />
            <ReferenceArea x1={Math.max(highlight.from - 30_000, domain.from)} x2={Math.min(highlight.to + 30_000, domain.to)} fill={FLAGGED} fillOpacity={0.08} ifOverflow="hidden" />
            {drag ? <ReferenceArea x1={Math.min(drag.a, drag.b)} x2={Math.max(drag.a, drag.b)} fill={NORMAL_POINT} fillOpacity={0.15} /> : null}
            <Tooltip cursor={false} content={<PointTooltip />} />
            <Scatter name="Unscored" data={groups.unscored} fill={UNSCORED_POINT} isAnimationActive={false} onClick={click} />
            <Scatter name="Scored" data={groups.scored} fill={NORMAL_POINT} fillOpacity={0.7} isAnimationActive={false} onClick={click} />
            <Scatter name="Flagged" data={groups.flagged} fill={FLAGGED} shape="diamond" isAnimationActive={false} onClick={click} legendType="diamond" />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: Array<{ payload: Plotted }> }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="chart-tooltip">
      <div className="mono">{p.action}</div>
      <div>{new Date(p.t).toISOString().replace("T", " ").slice(0, 19)} UTC</div>
      <div>score {p.score === null ? "not scored" : p.score.toFixed(2)}</div>
    </div>
  );
}
