"use client";
import Link from "next/link";
import { useState } from "react";
import { EventTimeline } from "@/components/common/event-timeline";
import { useEventQuery } from "@/components/hooks/queries/use-events-query";
import { useEventTimelineQuery, type TimelineWindow } from "@/components/hooks/queries/use-timeline-query";

export function EventOnTimeline({ id }: { id: string }) {
  const [window, setWindow] = useState<TimelineWindow>({ before: 60, after: 60 });
  const event = useEventQuery(id);
  const timeline = useEventTimelineQuery(id, window);
  return (
    <>
      <div className="crumbs"><Link href="/events">← Events</Link></div>
      <h1>Event {event.data ? <span className="mono">{event.data.action}</span> : null}</h1>
      {event.data?.alerts.length ? (
        <p>
          Part of alert{event.data.alerts.length > 1 ? "s" : ""}:{" "}
          {event.data.alerts.map((a, i) => <span key={a.id}>{i > 0 ? " · " : null}<Link href={`/alerts/${a.id}`}>{a.title}</Link></span>)}
        </p>
      ) : null}
      <EventTimeline key={id} query={timeline} window={window} onWindowChange={setWindow} initialSelectedId={id} />
    </>
  );
}
