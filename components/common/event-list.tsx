"use client";
// The timeline as a list: every event in order with its score, flagged ones marked, and a visible
// divider wherever the principal was silent for a while. All event text renders as text nodes.
import { Fragment } from "react";
import { findGaps, formatDuration } from "@/components/charts/bucketing";
import { formatScore, formatTime } from "./format";
import type { TTimelineEvent } from "@/components/hooks/queries/use-timeline-query";

const GAP_MS = 30 * 60_000;

export function EventList({ events, selectedId, onSelect }: { events: TTimelineEvent[]; selectedId: string | null; onSelect: (id: string) => void }) {
  const gaps = new Map(findGaps(events.map((e) => Date.parse(e.eventTime)), GAP_MS).map((g) => [g.index, g.ms]));
  return (
    <table className="compact timeline-list" data-testid="timeline-list">
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
            <tr
              className={[e.isFlagged ? "flagged" : "", e.id === selectedId ? "active-row" : ""].join(" ").trim() || undefined}
              data-testid={e.isFlagged ? "timeline-flagged" : "timeline-event"}
              onClick={() => onSelect(e.id)}
              tabIndex={0}
              onKeyDown={(k) => k.key === " " && onSelect(e.id)}
            >
              <td className="mono">{formatTime(e.eventTime)}</td>
              <td className="mono truncate wide" title={e.action}>{e.isFlagged ? "▶ " : ""}{e.action}</td>
              <td>{e.outcome}{e.errorCode ? ` (${e.errorCode})` : ""}</td>
              <td>{e.region ?? "—"}</td>
              <td className="mono">{e.sourceIp ?? "—"}</td>
              <td className="num">{formatScore(e.score)}</td>
            </tr>
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
