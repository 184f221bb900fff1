"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { getAlertTimeline } from "@/lib/server/dal/events";
import { apiFetch, toSearch } from "./fetcher";
import { alertKeys, eventKeys } from "./keys";
import type { Serialized } from "./serialized";

export type TTimeline = Serialized<Awaited<ReturnType<typeof getAlertTimeline>>>;
export type TTimelineEvent = TTimeline["events"][number];
export interface TimelineWindow {
  before: number;
  after: number;
}

export function useAlertTimelineQuery(alertId: number, window: TimelineWindow) {
  return useQuery({
    queryKey: alertKeys.timeline(alertId, window),
    queryFn: ({ signal }) => apiFetch<TTimeline>(`/api/alerts/${alertId}/timeline${toSearch({ ...window })}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useEventTimelineQuery(eventId: string, window: TimelineWindow) {
  return useQuery({
    queryKey: eventKeys.timeline(eventId, window),
    queryFn: ({ signal }) => apiFetch<TTimeline>(`/api/events/${eventId}/timeline${toSearch({ ...window })}`, { signal }),
    placeholderData: keepPreviousData,
  });
}
