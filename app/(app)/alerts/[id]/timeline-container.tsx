"use client";
import { useState } from "react";
import { EventTimeline } from "@/components/common/event-timeline";
import { useAlertTimelineQuery, type TimelineWindow } from "@/components/hooks/queries/use-timeline-query";

export function TimelineContainer({ alertId }: { alertId: number }) {
  const [window, setWindow] = useState<TimelineWindow>({ before: 60, after: 60 });
  const query = useAlertTimelineQuery(alertId, window);
  return <EventTimeline key={alertId} query={query} window={window} onWindowChange={setWindow} />;
}
