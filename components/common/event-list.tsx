"use client";
// The timeline as a list: every event in order with its score, flagged ones marked, and a visible
// divider wherever the principal was silent for a while. All event text renders as text nodes.
// The columns fit the list's box at 1280 and 1440 px (issue 17): fixed widths, long cells cut
// with an ellipsis and whole in their title, never a sideways scroll.
import { Fragment } from "react";
import { findGaps, formatDuration } from "@/components/charts/bucketing";
import { formatScore, formatTime } from "./format";
import type { TTimelineEvent } from "@/components/hooks/queries/use-timeline-query";
import { actionName } from "@/lib/shared/names";

const GAP_MS = 30 * 60_000;

export function EventList({ events, selectedId, onSelect }: { events: TTimelineEvent[]; selectedId: string | null; onSelect: (id: string) => void }) {
  const gaps = new Map(findGaps(events.map((e) => Date.parse(e.eventTime)), GAP_MS).map((g) => [g.index, g.ms]));
  return (
    <table className="compact timeline-list" data-testid="timeline-list">
      <colgroup>
        <col className="col-time" />
        <col />
        <col className="col-outcome" />
        <col className="col-region" />
        <col className="col-address" />
        <col className="col-score" />
      </colgroup>
      <thead>
        <tr>
          <th>Time (UTC)</th>
          <th>Action</th>
          <th>Outcome</th>
          <th>Region</th>
          <th>Source IP</th>
          <th className="num">Score</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e, i) => (
          <Fragment key={e.id}>
            {gaps.has(i) ? (
              <tr className="gap-row" data-testid="timeline-gap">
                <td colSpan={6}>· · · {formatDuration(gaps.get(i)!)} without activity · · ·</td>
              </tr>
            ) : null}
            <EventRow event={e} isSelected={e.id === selectedId} onSelect={onSelect} />
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

/** Month, day and time: the window spans hours, and the full timestamp is in the title. */
function shortTime(iso: string): string {
  return formatTime(iso).slice(5);
}

function EventRow({ event: e, isSelected, onSelect }: { event: TTimelineEvent; isSelected: boolean; onSelect: (id: string) => void }) {
  const time = formatTime(e.eventTime);
  // "StopLogging": the service is in the title and the inspector.
  const action = actionName(e.action);
  const outcome = `${e.outcome}${e.errorCode ? ` (${e.errorCode})` : ""}`;
  return (
    <tr
      className={[e.isFlagged ? "flagged" : "", isSelected ? "active-row" : ""].join(" ").trim() || undefined}
      data-testid={e.isFlagged ? "timeline-flagged" : "timeline-event"}
      onClick={() => onSelect(e.id)}
      tabIndex={0}
      onKeyDown={(k) => k.key === " " && onSelect(e.id)}
    >
      <td className="mono" title={time}>{shortTime(e.eventTime)}</td>
      <td className="mono" title={e.action}>{e.isFlagged ? "▶ " : ""}{action}</td>
      <td title={outcome}>{outcome}</td>
      <td title={e.region ?? undefined}>{e.region ?? "—"}</td>
      <td className="mono" title={e.sourceIp ?? undefined}>{e.sourceIp ?? "—"}</td>
      <td className="num">{formatScore(e.score)}</td>
    </tr>
  );
}
