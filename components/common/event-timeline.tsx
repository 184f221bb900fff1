"use client";
// A principal's events around an anchor: window picker, zoomable chart, list with gaps, and the
// selected event's details. Shared by the alert detail and the event explorer; each route's
// container supplies the query.
import { useEffect, useMemo, useRef, useState } from "react";
import { TimelineChart } from "@/components/charts/timeline-chart";
import type { TTimeline, TimelineWindow } from "@/components/hooks/queries/use-timeline-query";
import { TIMELINE_WINDOWS_MIN } from "@/lib/shared/events";
import { formatDuration } from "@/components/charts/bucketing";
import { EventInspector } from "./event-inspector";
import { EventList } from "./event-list";
import { EmptyState, ErrorState, LoadingState } from "./state-views";

interface Props {
  query: { data: TTimeline | undefined; error: unknown; isPending: boolean; isPlaceholderData: boolean; refetch: () => unknown };
  window: TimelineWindow;
  onWindowChange: (w: TimelineWindow) => void;
  initialSelectedId?: string | null;
}

export function EventTimeline({ query, window, onWindowChange, initialSelectedId = null }: Props) {
  const [selectedId, setSelectedId] = useState<string | null>(initialSelectedId);
  const points = useMemo(
    () => (query.data?.events ?? []).map((e) => ({ id: e.id, t: Date.parse(e.eventTime), score: e.score, action: e.action, isFlagged: e.isFlagged })),
    [query.data],
  );
  const d = query.data;
  const scrollBox = useRef<HTMLDivElement>(null);
  const firstFlagged = d?.events.find((e) => e.isFlagged)?.id ?? null;
  // The flagged event is what the analyst came for: centre it in the list's own scroll box
  // (scrollIntoView would scroll the page too).
  useEffect(() => {
    const box = scrollBox.current;
    const row = box?.querySelector<HTMLElement>("[data-testid='timeline-flagged']");
    if (!box || !row) return;
    const top = row.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(0, top - (box.clientHeight - row.offsetHeight) / 2);
  }, [firstFlagged, d?.events.length]);
  return (
    <section className="panel timeline-panel" aria-labelledby="timeline-title" data-testid="timeline">
      <div className="panel-head">
        <h2 id="timeline-title">Timeline</h2>
        <label className="inline-label">
          Window
          <select value={window.before} onChange={(e) => onWindowChange({ before: Number(e.target.value), after: Number(e.target.value) })} data-testid="timeline-window">
            {TIMELINE_WINDOWS_MIN.map((m) => <option key={m} value={m}>± {formatDuration(m * 60_000)}</option>)}
          </select>
        </label>
      </div>
      {query.isPending ? (
        <LoadingState height={240} />
      ) : query.error && !d ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} height={240} />
      ) : !d || d.events.length === 0 ? (
        <EmptyState title="No events in this window" height={240}>Widen the window.</EmptyState>
      ) : (
        <div className={query.isPlaceholderData ? "stale" : undefined}>
          <TimelineChart
            points={points}
            from={Date.parse(d.from)}
            to={Date.parse(d.to)}
            highlight={{ from: Date.parse(d.anchorFrom), to: Date.parse(d.anchorTo) }}
            onSelect={setSelectedId}
          />
          {d.isTruncatedBefore || d.isTruncatedAfter ? <p className="muted small">Busy principal: showing the {d.events.length} events nearest the alert.</p> : null}
          <div className="timeline-split">
            <div className="timeline-scroll" ref={scrollBox}>
              <EventList events={d.events} selectedId={selectedId} onSelect={setSelectedId} />
            </div>
            <EventInspector id={selectedId ?? d.events.find((e) => e.isFlagged)?.id ?? null} />
          </div>
        </div>
      )}
    </section>
  );
}
